using SecureAgg.Learning.Data;
using SecureAgg.Tests.Learning.Data;
using Xunit.Abstractions;

namespace SecureAgg.Tests.Fuzzing;

/// <summary>
/// The same seeded mutations over the HAPT loader's three kinds of file (labels, accelerometer, gyroscope): a damaged
/// folder either loads or is refused with a <see cref="DataFormatException"/> naming the file, never anything else.
/// </summary>
public sealed class DataLoaderFuzzSpecs(ITestOutputHelper output)
{
    private const int InputsPerFile = 150;

    [Theory]
    [InlineData("labels.txt")]
    [InlineData("acc")]
    [InlineData("gyro")]
    public void A_mutated_data_file_loads_or_is_refused_with_a_data_format_exception_naming_it(string which)
    {
        using var folder = new TempFolder();
        SyntheticHapt.Write(folder, [(1, 1, 300), (2, 2, 200)], "1 1 5 10 200", "1 1 4 201 300", "2 2 1 1 128", "2 2 7 150 190");
        var path = which == "labels.txt" ? folder.File("RawData/labels.txt") : folder.File($"RawData/{HaptDataset.SignalFileNameFor(which, 1, 1)}");
        var valid = File.ReadAllBytes(path);
        var mutator = new Mutator(which.Length * 7919);
        int loaded = 0, refused = 0;

        for (var i = 0; i < InputsPerFile; i++)
        {
            var bytes = mutator.Mutate(valid, [valid]);
            File.WriteAllBytes(path, bytes);
            try
            {
                HaptDataset.Load(folder.Path);
                loaded++;
            }
            catch (DataFormatException refusal)
            {
                Assert.Contains(Path.GetFileName(path), refusal.Message);
                refused++;
            }
            catch (Exception other)
            {
                Assert.Fail($"{which} input {i} threw {other.GetType().Name}: {other.Message}\n{System.Text.Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 400)])}");
            }
        }

        output.WriteLine($"{which}: {InputsPerFile} mutated files, {loaded} loaded, {refused} refused");
        Assert.True(refused > 0, "no mutation was refused: they did not reach the loader's checks");
    }
}
