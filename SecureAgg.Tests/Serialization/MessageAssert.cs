using SecureAgg.Protocol.Messages;

namespace SecureAgg.Tests.Serialization;

/// <summary>Field-by-field equality of protocol messages (records compare arrays by reference, so arrays are compared by content).</summary>
internal static class MessageAssert
{
    public static void Equal(IProtocolMessage expected, IProtocolMessage actual)
    {
        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.Equal(expected.Session, actual.Session);
        Assert.Equal(expected.Round, actual.Round);
        switch (expected, actual)
        {
            case (AdvertiseKeys e, AdvertiseKeys a):
                KeysEqual(e, a);
                break;
            case (KeysAdvertised e, KeysAdvertised a):
                Assert.Equal(e.Recipient, a.Recipient);
                Assert.Equal(e.Keys.Count, a.Keys.Count);
                for (var i = 0; i < e.Keys.Count; i++)
                {
                    Assert.Equal(e.Keys[i].Session, a.Keys[i].Session);
                    KeysEqual(e.Keys[i], a.Keys[i]);
                }
                break;
            case (ShareKeys e, ShareKeys a):
                Assert.Equal(e.Sender, a.Sender);
                Assert.Equal(e.Shares.Count, a.Shares.Count);
                for (var i = 0; i < e.Shares.Count; i++)
                {
                    Assert.Equal(e.Shares[i].Recipient, a.Shares[i].Recipient);
                    Assert.True(e.Shares[i].Ciphertext.AsSpan().SequenceEqual(a.Shares[i].Ciphertext));
                }
                Assert.Equal(e.SelfMaskCommitment, a.SelfMaskCommitment);
                break;
            case (SharesForwarded e, SharesForwarded a):
                Assert.Equal(e.Recipient, a.Recipient);
                Assert.Equal(e.Shares.Count, a.Shares.Count);
                for (var i = 0; i < e.Shares.Count; i++)
                {
                    Assert.Equal(e.Shares[i].Sender, a.Shares[i].Sender);
                    Assert.True(e.Shares[i].Ciphertext.AsSpan().SequenceEqual(a.Shares[i].Ciphertext));
                }
                break;
            case (MaskedInput e, MaskedInput a):
                Assert.Equal(e.Sender, a.Sender);
                Assert.True(e.Vector.AsSpan().SequenceEqual(a.Vector), "masked vectors differ");
                break;
            case (ConsistencyCheckRequest e, ConsistencyCheckRequest a):
                Assert.Equal(e.Recipient, a.Recipient);
                Assert.Equal(e.MaskedInputSenders, a.MaskedInputSenders);
                break;
            case (ConsistencySignature e, ConsistencySignature a):
                Assert.Equal(e.Sender, a.Sender);
                Assert.Equal(e.Signature, a.Signature);
                break;
            case (UnmaskRequest e, UnmaskRequest a):
                Assert.Equal(e.Recipient, a.Recipient);
                Assert.Equal(e.Survivors, a.Survivors);
                Assert.Equal(e.Dropped, a.Dropped);
                Assert.Equal(e.Signatures.Count, a.Signatures.Count);
                for (var i = 0; i < e.Signatures.Count; i++)
                {
                    Assert.Equal(e.Signatures[i].Signer, a.Signatures[i].Signer);
                    Assert.Equal(e.Signatures[i].Signature, a.Signatures[i].Signature);
                }
                break;
            case (UnmaskResponse e, UnmaskResponse a):
                Assert.Equal(e.Sender, a.Sender);
                SharesEqual(e.SelfMaskShares, a.SelfMaskShares);
                SharesEqual(e.MaskingKeyShares, a.MaskingKeyShares);
                break;
            default:
                Assert.Fail($"Unexpected message type {expected.GetType().Name}.");
                break;
        }
    }

    private static void KeysEqual(AdvertiseKeys e, AdvertiseKeys a)
    {
        Assert.Equal(e.Sender, a.Sender);
        Assert.Equal(e.EncryptionPublicKey, a.EncryptionPublicKey);
        Assert.Equal(e.MaskingPublicKey, a.MaskingPublicKey);
        if (e.Signature is null)
            Assert.Null(a.Signature);
        else
            Assert.Equal(e.Signature, a.Signature);
    }

    private static void SharesEqual(IReadOnlyList<RevealedShare> e, IReadOnlyList<RevealedShare> a)
    {
        Assert.Equal(e.Count, a.Count);
        for (var i = 0; i < e.Count; i++)
        {
            Assert.Equal(e[i].Owner, a[i].Owner);
            Assert.Equal(e[i].Share, a[i].Share);
        }
    }
}
