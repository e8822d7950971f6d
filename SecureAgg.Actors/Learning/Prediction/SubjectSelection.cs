namespace SecureAgg.Learning.Prediction;

/// <summary>Which windows of a data folder <c>secagg predict</c> labels.</summary>
public enum SubjectSelection
{
    /// <summary>Every window: new recordings.</summary>
    All,

    /// <summary>Only the subjects the model was trained on (UCI HAR layout: the train/ split).</summary>
    Train,

    /// <summary>Only the model's held-out test subjects (UCI HAR layout: the test/ split): reproduces its test accuracy.</summary>
    Test,
}
