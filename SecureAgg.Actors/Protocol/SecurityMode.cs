namespace SecureAgg.Protocol;

public enum SecurityMode
{
    /// <summary>Honest-but-curious server: no signatures, no ConsistencyCheck round.</summary>
    SemiHonest,

    /// <summary>Active adversary: signed keys in AdvertiseKeys, signed U3 in ConsistencyCheck, verified before unmasking.</summary>
    Active,
}
