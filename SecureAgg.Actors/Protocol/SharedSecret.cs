namespace SecureAgg.Protocol;

/// <summary>The two secrets a client Shamir-shares in ShareKeys; Unmasking reconstructs one of them, never both.</summary>
public enum SharedSecret
{
    /// <summary>b_u, reconstructed for survivors (U3) and checked against the client's ShareKeys commitment.</summary>
    SelfMaskSeed,

    /// <summary>s_sk_u, reconstructed for dropped clients (U2 \ U3) and checked against the s_pk it advertised.</summary>
    MaskingKey,
}
