using SecureAgg.Learning.Data;

namespace SecureAgg.Learning.Prediction;

/// <summary>
/// The labelled windows of a data folder that a model is applied to, cut as training cuts them: the HAPT raw
/// layout through <see cref="HaptDataset"/> and <see cref="Windowing"/> (windows inside labelled segments, in
/// labels.txt order; the transitions only for a model that has them as classes), the UCI HAR layout through
/// <see cref="UciHarDataset"/> (train/ then test/). <see cref="SubjectSelection.Test"/> keeps the model's test subjects
/// (UCI HAR: the test/ split) in the order training evaluated them.
/// </summary>
public sealed record PredictionInput(IReadOnlyList<Window> Windows, string Description)
{
    public static PredictionInput Load(DataLocation location, ModelFile model, SubjectSelection selection)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(model);
        var includeTransitions = model.Windows.IncludeTransitions;
        IReadOnlyList<Window> windows;
        string layout;
        if (location.Layout == DataLayout.UciHar)
        {
            var har = UciHarDataset.Load(location.Directory);
            windows = selection switch
            {
                SubjectSelection.Train => har.Train,
                SubjectSelection.Test => har.Test,
                _ => [.. har.Train, .. har.Test],
            };
            windows = [.. windows.Where(w => includeTransitions || !Activities.IsTransition(w.Activity))];
            layout = "UCI HAR";
        }
        else if (location.Layout == DataLayout.Hapt)
        {
            var all = Windowing.Slide(HaptDataset.Load(location.Directory), includeTransitions);
            if (selection != SubjectSelection.All && model.Evaluation.TestSubjects.Length == 0)
                throw new ArgumentException("the model records no test subjects (it was trained on data without subject ids), so --subjects test and train cannot be told apart");
            var test = model.Evaluation.TestSubjects.ToHashSet();
            windows = selection switch
            {
                SubjectSelection.Train => [.. all.Where(w => !test.Contains(w.Subject!.Value))],
                SubjectSelection.Test => [.. all.Where(w => test.Contains(w.Subject!.Value))],
                _ => all,
            };
            layout = "HAPT";
        }
        else
            throw new ArgumentException($"{location.Directory} holds no data: neither {HaptDataset.RawDataFolder}/{HaptDataset.LabelsFile} (HAPT) nor train/{UciHarDataset.InertialSignalsFolder} (UCI HAR)");
        var subjects = windows.Select(w => w.Subject).Distinct().Count(s => s is not null);
        var which = selection switch
        {
            SubjectSelection.Train => "the model's training subjects",
            SubjectSelection.Test => "the model's test subjects",
            _ => "all subjects",
        };
        var of = subjects > 0 ? $"{subjects} subjects" : "unknown subjects (no subject ids)";
        return new PredictionInput(windows, $"{windows.Count} windows of {of} ({which}), {layout} layout");
    }
}
