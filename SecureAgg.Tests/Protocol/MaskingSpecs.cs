using SecureAgg.Crypto;
using SecureAgg.Protocol;
using SecureAgg.Simulation;

namespace SecureAgg.Tests.Protocol;

public sealed class MaskingSpecs
{
    [Theory]
    [InlineData(5, 32, 1000)]
    [InlineData(7, 61, 333)]
    [InlineData(4, 12, 17)]
    public void Pairwise_masks_derived_independently_by_both_ends_cancel_in_the_sum(int clients, int bits, int length)
    {
        var session = SessionId.New();
        var keys = Enumerable.Range(0, clients).Select(_ => X25519KeyPair.Generate()).ToArray();
        var sum = ModularAccumulator.Create(bits, length);
        var oneSide = ModularAccumulator.Create(bits, length);
        for (var u = 1; u <= clients; u++)
        {
            for (var v = 1; v <= clients; v++)
            {
                if (u == v)
                    continue;
                // u's own view: s_uv = KA(s_sk_u, s_pk_v); added if v < u, subtracted if v > u.
                var seed = KeyAgreement.Derive(keys[u - 1].PrivateKey, keys[v - 1].PublicKey, KeyPurpose.PairwiseMaskSeed, session, u, v);
                sum.AddMask(seed, subtract: v > u);
                if (u == 1)
                    oneSide.AddMask(seed, subtract: v > u);
            }
        }
        Assert.All(sum.ToVector(), word => Assert.Equal(0UL, word));
        Assert.Contains(oneSide.ToVector(), word => word != 0);
    }

    [Fact]
    public void A_masked_input_looks_nothing_like_the_input()
    {
        var parameters = ProtocolParameters.WithDefaults(3, 4096, bits: 16);
        var plan = DropoutPlan.None;
        var input = LocalRound.ClientInput(parameters, 1, 1);
        byte[]? seen = null;
        var result = LocalRound.Run(parameters, plan, seed: 1, hooks: new LocalRoundHooks(OnClientMessage: m =>
        {
            if (m is SecureAgg.Protocol.Messages.MaskedInput { Sender: 1 } masked)
                seen = masked.Vector.Zip(input, (y, x) => (byte)(y == x ? 1 : 0)).ToArray();
            return m;
        }));

        Assert.True(result.Verified);
        // Uniform 16-bit words agree with the input by chance about 4096 / 65536 ≈ 0.06 times.
        Assert.True(seen!.Count(b => b == 1) < 5);
    }
}
