using SecureAgg.Crypto;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Serialization;

namespace SecureAgg.Actors;

/// <summary>
/// Binary form of <see cref="SessionSnapshot"/>: the state's sets as id arrays, its messages through the protocol codec,
/// and last the commitments to b (count · count × (client (int32) · bytes commitment)), which snapshots written before
/// commitments existed end without.
/// </summary>
internal static class SessionSnapshotCodec
{
    public static byte[] Encode(SessionSnapshot snapshot)
    {
        var state = snapshot.State;
        var writer = new WireWriter(state.MaskedSum.Length * 4 + 4096);
        writer.WriteByte((byte)state.Phase);
        writer.WriteInt32(state.Survivors.Count);
        foreach (var set in state.Survivors)
            writer.WriteInt32Array(set);
        writer.WriteInt32Array(state.Expected);
        WriteMessages(writer, state.Advertised);
        WriteMessages(writer, state.Shares);
        writer.WriteWords(state.MaskedSum);
        writer.WriteInt32Array(state.MaskedInputSenders);
        writer.WriteInt32(state.Signatures.Count);
        foreach (var signature in state.Signatures)
        {
            writer.WriteInt32(signature.Signer);
            writer.WriteBytes(signature.Signature);
        }
        WriteMessages(writer, state.UnmaskRequests);
        WriteMessages(writer, state.UnmaskResponses);
        WriteMessages(writer, snapshot.LastOutgoing);
        writer.WriteInt32(state.SelfMaskCommitments.Count);
        foreach (var (client, commitment) in state.SelfMaskCommitments.OrderBy(c => c.Key))
        {
            writer.WriteInt32(client);
            writer.WriteBytes(commitment);
        }
        return writer.ToArray();
    }

    public static SessionSnapshot Decode(byte[] bytes, int maxVectorLength)
    {
        var reader = new WireReader(bytes);
        var phaseByte = reader.ReadByte("phase");
        if (!Enum.IsDefined((ServerPhase)phaseByte))
            throw new WireFormatException($"Unknown server phase {phaseByte} in a session snapshot.");
        var survivorSets = reader.ReadCount("survivor sets", 5, 4);
        var survivors = new int[survivorSets][];
        for (var i = 0; i < survivorSets; i++)
            survivors[i] = reader.ReadInt32Array("survivors");
        var expected = reader.ReadInt32Array("expected");
        var advertised = ReadMessages<AdvertiseKeys>(ref reader, "advertised keys", maxVectorLength);
        var shares = ReadMessages<ShareKeys>(ref reader, "shares", maxVectorLength);
        var sum = reader.ReadWords("masked sum", maxVectorLength);
        var maskedSenders = reader.ReadInt32Array("masked input senders");
        var signatureCount = reader.ReadCount("signatures", WireLimits.MaxEntryCount, 8);
        var signatures = new SurvivorSignature[signatureCount];
        for (var i = 0; i < signatureCount; i++)
            signatures[i] = new SurvivorSignature(reader.ReadInt32("signer"), reader.ReadBytes("signature"));
        var requests = ReadMessages<UnmaskRequest>(ref reader, "unmask requests", maxVectorLength);
        var responses = ReadMessages<UnmaskResponse>(ref reader, "unmask responses", maxVectorLength);
        var outgoing = ReadMessages<IServerMessage>(ref reader, "last outgoing", maxVectorLength);
        var commitments = new SortedDictionary<int, byte[]>();
        if (!reader.IsAtEnd)
        {
            var count = reader.ReadCount("self-mask commitments", WireLimits.MaxEntryCount, 8 + SeedCommitment.Size);
            for (var i = 0; i < count; i++)
            {
                var client = reader.ReadInt32("committed client");
                if (!commitments.TryAdd(client, reader.ReadBytesOfLength("self-mask commitment", SeedCommitment.Size)))
                    throw new WireFormatException($"Client {client} has two self-mask commitments in a session snapshot.");
            }
        }
        reader.EnsureEnd("session snapshot");
        var state = new ServerSessionState((ServerPhase)phaseByte, survivors, expected, advertised, shares, sum, maskedSenders, signatures, requests,
            responses, commitments);
        return new SessionSnapshot(state, outgoing);
    }

    private static void WriteMessages<T>(WireWriter writer, IReadOnlyList<T> messages) where T : IProtocolMessage
    {
        writer.WriteInt32(messages.Count);
        foreach (var message in messages)
            ProtocolCodec.Write(writer, message);
    }

    private static T[] ReadMessages<T>(ref WireReader reader, string field, int maxVectorLength)
    {
        var count = reader.ReadCount(field, WireLimits.MaxEntryCount, ProtocolCodec.HeaderSize);
        var messages = new T[count];
        for (var i = 0; i < count; i++)
        {
            messages[i] = ProtocolCodec.Read(ref reader, maxVectorLength) is T typed
                ? typed
                : throw new WireFormatException($"A {field} entry of a session snapshot has the wrong message type.");
        }
        return messages;
    }
}
