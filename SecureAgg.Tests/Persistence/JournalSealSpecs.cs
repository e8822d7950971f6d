using Akka.Configuration;
using SecureAgg.Actors;
using SecureAgg.Actors.Wire;
using SecureAgg.Crypto;
using SecureAgg.Persistence;
using SecureAgg.Protocol;
using SecureAgg.Serialization;

namespace SecureAgg.Tests.Persistence;

/// <summary>
/// Sealing one record and opening it again: the MAC binds the kind, the persistence id and the sequence number, the key
/// comes from a key file or from the server's identity, and a key file that is not one is refused with one line.
/// </summary>
public sealed class JournalSealSpecs() : Akka.TestKit.Xunit2.TestKit(ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(SecAggActorConfig.Serialization()))
{
    private const string Id = "secagg-session-0123456789abcdef0123456789abcdef";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "secagg-tests", "journal-key-" + Guid.NewGuid().ToString("N"));

    private JournalSeal Seal(JournalKey key) => new(key, Sys.Serialization);

    [Fact]
    public void A_sealed_event_opens_only_as_the_event_of_its_persistence_id_and_sequence_number()
    {
        var seal = Seal(JournalKey.Ephemeral());
        var record = seal.Seal(SealedKind.Event, Id, 7, new RoundClosed(ServerPhase.ShareKeys));

        Assert.Equal(new RoundClosed(ServerPhase.ShareKeys), seal.Open(SealedKind.Event, record, Id, 7));
        Assert.Contains("at event 8: the record was sealed as event 7 (moved)", Assert.Throws<JournalIntegrityException>(() => seal.Open(SealedKind.Event, record, Id, 8)).Message);
        Assert.Contains($"the record was sealed for {Id}", Assert.Throws<JournalIntegrityException>(() => seal.Open(SealedKind.Event, record, Id + "0", 7)).Message);
        Assert.Contains("at the snapshot of event 7: its MAC does not verify", Assert.Throws<JournalIntegrityException>(() => seal.Open(SealedKind.Snapshot, record, Id, 7)).Message);
        // The stored place itself is bound too: rewriting it breaks the MAC.
        Assert.Contains("its MAC does not verify", Assert.Throws<JournalIntegrityException>(() => seal.Open(SealedKind.Event, record with { SequenceNr = 8 }, Id, 8)).Message);
    }

    [Fact]
    public void Every_bit_of_a_sealed_record_is_covered_by_its_MAC_or_its_framing_and_refused_at_its_own_event()
    {
        var seal = Seal(JournalKey.Ephemeral());
        var encoded = seal.Seal(SealedKind.Event, Id, 3, new RoundClosed(ServerPhase.MaskedInputCollection)).Encode();

        for (var bit = 0; bit < encoded.Length * 8; bit++)
        {
            var damaged = (byte[])encoded.Clone();
            damaged[bit / 8] ^= (byte)(1 << (bit % 8));

            var refused = Assert.Throws<JournalIntegrityException>(() => seal.Open(SealedKind.Event, SealedRecord.Decode(damaged), Id, 3));

            Assert.StartsWith($"The journal of {Id} fails its integrity check at event 3: ", refused.Message);
        }
    }

    [Fact]
    public void A_sealed_record_round_trips_through_its_encoding_and_the_serializer()
    {
        var record = Seal(JournalKey.Ephemeral()).Seal(SealedKind.Event, Id, 12, new RoundClosed(ServerPhase.Unmasking));
        var serializer = (SecAggSerializer)Sys.Serialization.FindSerializerFor(record);

        var decoded = Assert.IsType<SealedRecord>(serializer.FromBinary(serializer.ToBinary(record), SecAggSerializer.SealedManifest));

        Assert.Equal(SecAggSerializer.SealedManifest, serializer.Manifest(record));
        Assert.Equal((record.PersistenceId, record.SequenceNr, record.SerializerId, record.Manifest), (decoded.PersistenceId, decoded.SequenceNr, decoded.SerializerId, decoded.Manifest));
        Assert.Equal(record.Payload, decoded.Payload);
        Assert.Equal(record.Mac, decoded.Mac);
        Assert.NotNull(SealedRecord.Decode(record.Encode()[..20]).Damage);
        Assert.Null(decoded.Damage);
    }

    [Fact]
    public void A_key_file_is_made_readable_by_its_owner_only_and_read_back_as_the_same_key()
    {
        var path = Path.Combine(_folder, "sub", "journal.key");

        var made = JournalKey.LoadOrCreate(path);
        var loaded = JournalKey.LoadOrCreate(path);

        Assert.Matches("^[0-9a-f]{64}\n$", File.ReadAllText(path));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var record = Seal(made).Seal(SealedKind.Event, Id, 1, new RoundClosed(ServerPhase.AdvertiseKeys));
        Assert.Equal(new RoundClosed(ServerPhase.AdvertiseKeys), Seal(loaded).Open(SealedKind.Event, record, Id, 1));
        Assert.Throws<JournalIntegrityException>(() => Seal(JournalKey.Ephemeral()).Open(SealedKind.Event, record, Id, 1));
    }

    [Theory]
    [InlineData("not hex at all\n")]
    [InlineData("00112233\n")]
    [InlineData("")]
    public void A_key_file_that_is_not_a_key_is_refused_with_one_line_and_left_alone(string text)
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, "journal.key");
        File.WriteAllText(path, text);

        var error = Assert.Throws<ArgumentException>(() => JournalKey.LoadOrCreate(path));

        Assert.Equal($"Journal key file '{path}' is not a journal key: expected 64 hex digits on one line.", error.Message);
        Assert.Equal(text, File.ReadAllText(path));
        Assert.Contains("does not exist", Assert.Throws<ArgumentException>(() => JournalKey.Load(Path.Combine(_folder, "missing.key"))).Message);
    }

    [Fact]
    public void The_key_derived_from_an_identity_is_the_same_for_that_identity_and_another_for_another()
    {
        var identity = SigningKeyPair.Generate();
        var record = Seal(JournalKey.FromIdentity(identity)).Seal(SealedKind.Event, Id, 1, new RoundClosed(ServerPhase.AdvertiseKeys));

        Seal(JournalKey.FromIdentity(identity)).Open(SealedKind.Event, record, Id, 1);
        Assert.Throws<JournalIntegrityException>(() => Seal(JournalKey.FromIdentity(SigningKeyPair.Generate())).Open(SealedKind.Event, record, Id, 1));
    }

    [Fact]
    public void Events_of_a_replay_must_follow_each_other_and_unsealed_ones_are_refused_unless_accepted()
    {
        var seal = Seal(JournalKey.Ephemeral());
        var replay = new SealedReplay(seal, Id, acceptUnsealed: false);

        replay.Event(seal.Seal(SealedKind.Event, Id, 1, new RoundClosed(ServerPhase.AdvertiseKeys)), 1);
        var gap = Assert.Throws<JournalIntegrityException>(() => replay.Event(seal.Seal(SealedKind.Event, Id, 4, new RoundClosed(ServerPhase.ShareKeys)), 4));
        var unsealed = Assert.Throws<JournalIntegrityException>(() => replay.Event(new RoundClosed(ServerPhase.ShareKeys), 2));
        var accepting = new SealedReplay(seal, Id, acceptUnsealed: true);

        Assert.Equal($"The journal of {Id} fails its integrity check at event 4: events 2 to 3 are missing (deleted, or altered so that they no longer belong here).", gap.Message);
        Assert.Contains("at event 2: the record (RoundClosed) is not sealed", unsealed.Message);
        Assert.Equal(new RoundClosed(ServerPhase.ShareKeys), accepting.Event(new RoundClosed(ServerPhase.ShareKeys), 1));
        Assert.Equal((1, 0), (accepting.Unsealed, accepting.Sealed));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }
}
