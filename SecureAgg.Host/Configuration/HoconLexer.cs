using System.Text;

namespace SecureAgg.Host.Configuration;

public enum HoconTokenKind { ObjectStart, ObjectEnd, ArrayStart, ArrayEnd, Assign, Comma, Newline, Text, Quoted, Substitution }

/// <summary>One token of a HOCON text with its 1-based line; <see cref="Text"/> is unquoted text, string content or a substitution's path.</summary>
public readonly record struct HoconToken(HoconTokenKind Kind, string Text, int Line);

/// <summary>
/// Cuts a HOCON text into the tokens <see cref="HoconTextCheck"/> needs, the way Akka's tokenizer reads them:
/// comments (<c>#</c>, <c>//</c>) to the end of the line, strings in <c>"…"</c> (with <c>\</c> escapes) or
/// <c>"""…"""</c>, substitutions <c>${path}</c> and <c>${?path}</c>. Iterative, so any text is safe to scan.
/// </summary>
public static class HoconLexer
{
    public static IEnumerable<HoconToken> Tokens(string text)
    {
        var line = 1;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n')
            {
                yield return new HoconToken(HoconTokenKind.Newline, "", line++);
                i++;
            }
            else if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '#' || (c == '/' && At(text, i, "//")))
            {
                while (i < text.Length && text[i] != '\n')
                    i++;
            }
            else if (At(text, i, "\"\"\""))
            {
                var start = line;
                var end = text.IndexOf("\"\"\"", i + 3, StringComparison.Ordinal);
                if (end < 0)
                    throw new HoconTextException(start, "a \"\"\" string is never closed");
                line += Count(text, i, end, '\n');
                yield return new HoconToken(HoconTokenKind.Quoted, text[(i + 3)..end], start);
                i = end + 3;
            }
            else if (c == '"')
            {
                var start = line;
                var content = new StringBuilder();
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\n')
                        throw new HoconTextException(start, "a \" string is not closed on its line");
                    if (text[i] == '\\' && i + 1 < text.Length)
                        i++;
                    content.Append(text[i++]);
                }
                if (i >= text.Length)
                    throw new HoconTextException(start, "a \" string is never closed");
                i++;
                yield return new HoconToken(HoconTokenKind.Quoted, content.ToString(), start);
            }
            else if (At(text, i, "${"))
            {
                var end = text.IndexOf('}', i);
                var newline = text.IndexOf('\n', i);
                if (end < 0 || (newline >= 0 && newline < end))
                    throw new HoconTextException(line, "a ${ substitution is not closed on its line");
                var path = text[(i + 2)..end];
                yield return new HoconToken(HoconTokenKind.Substitution, path.StartsWith('?') ? path[1..] : path, line);
                i = end + 1;
            }
            else if (Single(c) is { } kind)
            {
                yield return new HoconToken(kind, c.ToString(), line);
                i++;
            }
            else if (At(text, i, "+="))
            {
                yield return new HoconToken(HoconTokenKind.Assign, "+=", line);
                i += 2;
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && Single(text[i]) is null && text[i] is not ('"' or '#')
                       && !At(text, i, "//") && !At(text, i, "${") && !At(text, i, "+="))
                    i++;
                yield return new HoconToken(HoconTokenKind.Text, text[start..i], line);
            }
        }
    }

    private static HoconTokenKind? Single(char c) => c switch
    {
        '{' => HoconTokenKind.ObjectStart,
        '}' => HoconTokenKind.ObjectEnd,
        '[' => HoconTokenKind.ArrayStart,
        ']' => HoconTokenKind.ArrayEnd,
        '=' or ':' => HoconTokenKind.Assign,
        ',' => HoconTokenKind.Comma,
        _ => null,
    };

    private static bool At(string text, int i, string pattern) => string.CompareOrdinal(text, i, pattern, 0, pattern.Length) == 0;

    private static int Count(string text, int from, int to, char c) => text.AsSpan(from, to - from).Count(c);
}
