using System.CommandLine;
using System.CommandLine.Parsing;

namespace SecureAgg.Host;

/// <summary>A usage error is the one wrong thing and a hint, one line each, not the whole help text.</summary>
public static class UsageError
{
    public const int ExitCode = 2;

    public static int Print(ParseResult parsed)
    {
        var names = new List<string>();
        for (SymbolResult? at = parsed.CommandResult; at is not null; at = at.Parent)
        {
            if (at is CommandResult command)
                names.Insert(0, command.Parent is null ? "secagg" : command.Command.Name);
        }
        var path = string.Join(' ', names);
        Console.Error.WriteLine($"{path}: {parsed.Errors[0].Message}");
        Console.Error.WriteLine($"hint: {path} --help lists every option with its default.");
        return ExitCode;
    }
}
