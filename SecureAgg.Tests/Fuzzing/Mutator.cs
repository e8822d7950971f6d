using System.Buffers.Binary;

namespace SecureAgg.Tests.Fuzzing;

/// <summary>
/// Seeded mutations of valid encodings, the kinds that find decoder bugs: bit flips, random bytes, inserted, deleted
/// and repeated ranges, truncation, splices of two inputs, and length or count fields overwritten with edge values.
/// </summary>
public sealed class Mutator(int seed)
{
    private static readonly int[] EdgeValues = [0, 1, -1, 2, 255, 256, 65535, 1 << 16, 1 << 20, 1 << 24, 1 << 28, int.MaxValue, int.MinValue, int.MaxValue - 7];

    private readonly Random _random = new(seed);

    public byte[] Mutate(byte[] input, IReadOnlyList<byte[]> corpus)
    {
        var bytes = input.ToList();
        var edits = _random.Next(1, 4);
        for (var e = 0; e < edits; e++)
            Apply(bytes, corpus);
        return [.. bytes];
    }

    private void Apply(List<byte> bytes, IReadOnlyList<byte[]> corpus)
    {
        var at = bytes.Count == 0 ? 0 : _random.Next(bytes.Count);
        switch (_random.Next(9))
        {
            case 0 when bytes.Count > 0:
                bytes[at] ^= (byte)(1 << _random.Next(8));
                break;
            case 1 when bytes.Count > 0:
                bytes[at] = (byte)_random.Next(256);
                break;
            case 2:
                bytes.InsertRange(at, RandomBytes(_random.Next(1, 9)));
                break;
            case 3 when bytes.Count > 0:
                bytes.RemoveRange(at, Math.Min(bytes.Count - at, _random.Next(1, 17)));
                break;
            case 4 when bytes.Count > 0:
                bytes.RemoveRange(at, bytes.Count - at);
                break;
            case 5 when bytes.Count > 0:
                var length = Math.Min(bytes.Count - at, _random.Next(1, 33));
                bytes.InsertRange(at, bytes.GetRange(at, length));
                break;
            case 6:
                var other = corpus[_random.Next(corpus.Count)];
                var from = other.Length == 0 ? 0 : _random.Next(other.Length);
                bytes.RemoveRange(at, bytes.Count - at);
                bytes.AddRange(other.Skip(from));
                break;
            case 7 when bytes.Count >= 4:
                // A length or count field: every int32 the decoders read is little-endian.
                var field = new byte[4];
                var value = EdgeValues[_random.Next(EdgeValues.Length)];
                BinaryPrimitives.WriteInt32LittleEndian(field, _random.Next(2) == 0 ? value : value + _random.Next(-3, 4));
                var offset = _random.Next(bytes.Count - 3);
                for (var i = 0; i < 4; i++)
                    bytes[offset + i] = field[i];
                break;
            default:
                if (bytes.Count > 0)
                    bytes[at] = (byte)(bytes[at] + _random.Next(-2, 3));
                break;
        }
    }

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        _random.NextBytes(bytes);
        return bytes;
    }
}
