using System.Text.Json;
using System.Text.RegularExpressions;
using SecureAgg.Tests.Learning.Data;
using SecureAgg.Tests.Processes;

namespace SecureAgg.Tests.Host;

/// <summary><c>secagg train</c> as a real process on the real HAPT recordings (skipped where the data is absent).</summary>
public sealed class TrainCommandSpecs : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "secagg-tests", "train-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_out))
            Directory.Delete(_out, recursive: true);
    }

    [RealHaptDataFact]
    public void Two_secure_rounds_on_the_real_data_learn_far_above_chance_and_write_every_output()
    {
        // No dropouts: a deadline far beyond any round, so every client is in every sum however busy the machine.
        var run = SecaggProcess.Run(TimeSpan.FromMinutes(5), "train", "--rounds", "2", "--data", RealHaptDataFactAttribute.Folder!, "--out", _out, "--seed", "2",
            "--round-timeout", "2m");

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        var last = Regex.Match(run.LastLine, @"^train aggregation=secure rounds=2 accuracy=(0\.\d+) f1=(0\.\d+) ok$");
        Assert.True(last.Success, run.LastLine);
        Assert.True(double.Parse(last.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0.7, "six classes: chance is about 0.17");
        Assert.Equal(3, File.ReadAllLines(Path.Combine(_out, "metrics.csv")).Length);
        Assert.Equal(7, File.ReadAllLines(Path.Combine(_out, "confusion.csv")).Length);
        var png = File.ReadAllBytes(Path.Combine(_out, "accuracy.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        using var model = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, "model.json")));
        Assert.Equal(344, model.RootElement.GetProperty("network").GetProperty("input").GetInt32());
        Assert.Contains("survivors 21/21", run.Output);
    }

    [RealHaptDataFact]
    public void Dropouts_from_a_HOCON_file_apply_to_secure_training()
    {
        Directory.CreateDirectory(_out);
        var config = Path.Combine(_out, "dropouts.hocon");
        // The mask round waits the whole deadline for clients 3 and 11; long enough that no live client misses it.
        File.WriteAllText(config, "secagg.train { round-timeout = 10s, dropout.mask.clients = [3, 11] }");

        var run = SecaggProcess.Run(TimeSpan.FromMinutes(5), "train", "--rounds", "1", "--config", config, "--data", RealHaptDataFactAttribute.Folder!, "--out", _out);

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("survivors 19/21", run.Output);
        Assert.EndsWith(" ok", run.LastLine);
    }

    [Theory]
    [InlineData("--hidden", "128,x", "--hidden takes layer sizes")]
    [InlineData("--rounds", "0", "secagg.train.rounds (--rounds) must be at least 1, got 0.")]
    [InlineData("--quantization-bits", "40", "between 4 and 32")]
    [InlineData("--clients-per-round", "1", "one client's update")]
    [InlineData("--clip", "-1", "secagg.train.clip (--clip) must be positive, got -1.")]
    [InlineData("--cross-validate", "1", "--cross-validate takes 0 (off) or at least 2 folds, got 1.")]
    [InlineData("--input-noise", "-0.5", "secagg.train.input-noise (--input-noise) must be zero or positive")]
    [InlineData("--lr-schedule", "linear", "linear")]
    public void Bad_options_are_refused_with_exit_code_2_before_any_data_is_read(string option, string value, string message)
    {
        var run = SecaggProcess.Run(TimeSpan.FromMinutes(1), "train", option, value, "--data", "/nonexistent", "--out", _out);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error);
    }

    [RealHaptDataFact]
    public void Cross_validation_scores_held_out_training_subjects_never_loads_a_test_subject_and_writes_no_model()
    {
        var run = SecaggProcess.Run(TimeSpan.FromMinutes(5), "train", "--cross-validate", "2", "--rounds", "2", "--hidden", "16",
            "--data", RealHaptDataFactAttribute.Folder!, "--out", _out, "--round-timeout", "2m");

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Matches(@"^train cross-validation aggregation=secure folds=2 rounds=2 best_round=[12] validation_accuracy=0\.\d{4} sd=0\.\d{4} last_round_accuracy=0\.\d{4} ok$", run.LastLine);
        Assert.Contains("the test subjects are not loaded", run.Output);
        Assert.Contains("secure round 2/2: loss", run.Output);
        Assert.Contains("validation 2/2 accuracy", run.Output);
        // Fold k holds out every other training subject: the two folds together are the 21, and no test subject.
        var rows = File.ReadAllLines(Path.Combine(_out, "validation-rounds.csv"));
        var header = rows[0].Split(',');
        var subjects = rows.Skip(1).Select(r => r.Split(',')[Array.IndexOf(header, "validation_subjects")]).Distinct()
            .SelectMany(s => s.Split(' ')).Select(int.Parse).Order().ToArray();
        Assert.Equal(SecureAgg.Learning.Data.SubjectSplit.TrainSubjects.Order(), subjects);
        Assert.Equal(4, rows.Length - 1);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(_out, "validation.csv")).Length);
        Assert.Contains("| secure |", File.ReadAllText(Path.Combine(_out, "validation.md")));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(_out, "validation.png"))[..4]);
        // No fold's model is the product, and nothing here has seen a test subject to report.
        Assert.False(File.Exists(Path.Combine(_out, "model.json")));
        Assert.DoesNotContain("test", File.ReadAllText(Path.Combine(_out, "validation.csv")));
    }
}
