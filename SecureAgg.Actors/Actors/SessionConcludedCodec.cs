using System.Text;
using SecureAgg.Protocol;
using SecureAgg.Serialization;

namespace SecureAgg.Actors;

/// <summary>
/// Binary form of <see cref="SessionConcluded"/>: version, mode, m, events, start, the closed phases (phase, accepted
/// ids, close time), then whether it aborted and why. Decoding checks every field: it reads the journal.
/// </summary>
internal static class SessionConcludedCodec
{
    private const byte Version = 1;
    private const int MaxReasonBytes = 4096;

    public static byte[] Encode(SessionConcluded concluded)
    {
        var writer = new WireWriter(64 + concluded.Phases.Sum(p => 16 + 4 * p.Accepted.Length));
        writer.WriteByte(Version);
        writer.WriteByte((byte)concluded.Mode);
        writer.WriteInt32(concluded.VectorLength);
        writer.WriteInt64(concluded.Events);
        writer.WriteInt64(concluded.StartedAt);
        writer.WriteByte((byte)concluded.Phases.Count);
        foreach (var phase in concluded.Phases)
        {
            writer.WriteByte((byte)phase.Phase);
            writer.WriteInt32Array(phase.Accepted);
            writer.WriteInt64(phase.ClosedAt);
        }
        writer.WriteBoolean(concluded.AbortReason is not null);
        writer.WriteBytes(Encoding.UTF8.GetBytes(Shortened(concluded.AbortReason ?? "")));
        return writer.ToArray();
    }

    public static SessionConcluded Decode(byte[] bytes)
    {
        var reader = new WireReader(bytes);
        if (reader.ReadByte("version") is var version && version != Version)
            throw new WireFormatException($"A session summary of version {version}; this build reads version {Version}.");
        var mode = (SecurityMode)reader.ReadByte("mode");
        if (!Enum.IsDefined(mode))
            throw new WireFormatException($"Unknown security mode {(byte)mode} in a session summary.");
        var length = reader.ReadInt32("vector length");
        if (length < 0 || length > ProtocolParameters.MaxVectorLength)
            throw new WireFormatException($"A session summary's vector length {length} is out of range.");
        var events = NonNegative(reader.ReadInt64("events"), "events");
        var started = NonNegative(reader.ReadInt64("start"), "start");
        var count = reader.ReadByte("phases");
        if (count > 5)
            throw new WireFormatException($"A session summary with {count} closed phases; a session has at most 5.");
        var phases = new ConcludedPhase[count];
        for (var i = 0; i < count; i++)
        {
            var phase = (ServerPhase)reader.ReadByte("phase");
            if (phase > ServerPhase.Unmasking || (i > 0 && phase <= phases[i - 1].Phase))
                throw new WireFormatException($"A session summary's phase {i + 1} is {phase}: not a round, or not after the one before.");
            phases[i] = new ConcludedPhase(phase, reader.ReadInt32Array("accepted"), NonNegative(reader.ReadInt64("closed at"), "closed at"));
        }
        var aborted = reader.ReadBoolean("aborted");
        var reason = reader.ReadBytesSpan("abort reason", MaxReasonBytes);
        reader.EnsureEnd("session summary");
        string? text = null;
        if (aborted)
        {
            try
            {
                text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(reason);
            }
            catch (DecoderFallbackException)
            {
                throw new WireFormatException("A session summary's abort reason is not valid UTF-8.");
            }
        }
        return new SessionConcluded(mode, length, events, started, phases, text);
    }

    // At most MaxReasonBytes of UTF-8 (4 bytes a character at most), never half a surrogate pair.
    private static string Shortened(string reason)
    {
        const int maxChars = MaxReasonBytes / 4;
        if (reason.Length <= maxChars)
            return reason;
        var cut = char.IsHighSurrogate(reason[maxChars - 1]) ? maxChars - 1 : maxChars;
        return reason[..cut];
    }

    private static long NonNegative(long value, string field) =>
        value >= 0 && value <= DateTime.MaxValue.Ticks ? value : throw new WireFormatException($"A session summary's {field} ({value}) is out of range.");
}
