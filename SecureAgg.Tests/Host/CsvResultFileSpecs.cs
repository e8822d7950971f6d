using System.Globalization;
using CsvHelper;
using SecureAgg.Host.Cluster;
using SecureAgg.Host.Output;

namespace SecureAgg.Tests.Host;

/// <summary>A results CSV through CsvHelper: header from the row type, rows appended, RFC 4180 quoting, resumable.</summary>
public sealed class CsvResultFileSpecs : IDisposable
{
    private const string RoundsHeader = "session,index,round,expected,survivors,seconds,by_deadline,bytes_received,bytes_sent,bytes_up_per_client,bytes_down_per_client";

    private readonly string _folder = Directory.CreateTempSubdirectory("secagg-csv-").FullName;

    private string PathOf(string name) => Path.Combine(_folder, name);

    private CsvResultFile<RoundRow> Rounds() => new(PathOf("rounds.csv"));

    private static RoundRow Round(string session = "s1") => new(session, 1, "share", 4, 3, 1.23456, true, 3000, 6001, 1000, 2000.333);

    private static SessionRow Session(string task) =>
        new(1, "s1", 4, 3, 10, 16, 4, 3, 3, 3, 3, "completed", null, false, 2.5, 100, 200.4, 0, "ab", task);

    private string Text(string name = "rounds.csv") => File.ReadAllText(PathOf(name));

    [Fact]
    public void The_header_names_the_row_types_columns_in_order() => Assert.Equal(RoundsHeader, Rounds().Header);

    [Fact]
    public void Rows_follow_the_header_one_line_each_with_fixed_decimals_and_yes_or_no()
    {
        var file = Rounds();
        file.Start(continuing: false);

        file.Append(Round("s1"));
        file.Append(Round("s2") with { ByDeadline = false });

        Assert.Equal($"{RoundsHeader}\ns1,1,share,4,3,1.235,yes,3000,6001,1000.0,2000.3\ns2,1,share,4,3,1.235,no,3000,6001,1000.0,2000.3\n", Text());
    }

    [Theory]
    [InlineData("has, comma", "\"has, comma\"")]
    [InlineData("has \"quote\"", "\"has \"\"quote\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("carriage\rreturn", "\"carriage\rreturn\"")]
    [InlineData("plain text", "plain text")]
    [InlineData("-1 starts like a formula", "-1 starts like a formula")]
    public void A_field_is_quoted_exactly_when_RFC_4180_asks(string task, string written)
    {
        var file = new CsvResultFile<SessionRow>(PathOf("sessions.csv"));
        file.Start(continuing: false);

        file.Append(Session(task));

        Assert.EndsWith($",n/a,no,2.500,100,200,0,ab,{written}\n", Text("sessions.csv"));
    }

    [Fact]
    public void A_fresh_run_starts_the_file_over()
    {
        File.WriteAllText(PathOf("rounds.csv"), $"{RoundsHeader}\nold\n");

        Rounds().Start(continuing: false);

        Assert.Equal($"{RoundsHeader}\n", Text());
    }

    [Fact]
    public void A_resumed_run_keeps_the_rows_written_under_the_same_header()
    {
        File.WriteAllText(PathOf("rounds.csv"), $"{RoundsHeader}\nold\n");
        var file = Rounds();

        file.Start(continuing: true);
        file.Append(Round("new"));

        Assert.Equal($"{RoundsHeader}\nold\nnew,1,share,4,3,1.235,yes,3000,6001,1000.0,2000.3\n", Text());
    }

    [Fact]
    public void A_resumed_run_starts_over_a_file_with_another_header()
    {
        File.WriteAllText(PathOf("rounds.csv"), "session,index\nold,1\n");

        Rounds().Start(continuing: true);

        Assert.Equal($"{RoundsHeader}\n", Text());
    }

    [Fact]
    public void Rows_read_back_as_they_were_written_up_to_their_decimals()
    {
        var file = new CsvResultFile<SessionRow>(PathOf("sessions.csv"));
        file.Start(continuing: false);
        var written = Session("round 1, \"skipped\"") with { U4 = null, U5 = null, Verified = true };
        file.Append(written);

        using var reader = CsvReader.FromFile(PathOf("sessions.csv"), CsvReaderOptions.Default with { FormatProvider = CultureInfo.InvariantCulture });
        var read = Assert.Single(reader.GetRecords<SessionRow>().ToList());

        Assert.Equal(written with { BytesDownPerClient = 200 }, read);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
