namespace SecureAgg.Learning.Data;

/// <summary>The file layouts a data folder can have.</summary>
public enum DataLayout
{
    /// <summary>HAPT raw signals: RawData/labels.txt and acc/gyro files per experiment (<see cref="HaptDataset"/>).</summary>
    Hapt,

    /// <summary>UCI HAR pre-cut windows: train/Inertial Signals and test/Inertial Signals (<see cref="UciHarDataset"/>).</summary>
    UciHar,
}
