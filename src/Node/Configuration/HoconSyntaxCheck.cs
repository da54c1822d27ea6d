namespace StaticDhcpd.Node.Configuration;

/// <summary>
/// Structural check of HOCON text before Akka's parser sees it. Akka 1.5's parser accepts most broken
/// text silently (a missing value becomes "&lt;&lt;unknown value&gt;&gt;") and loops forever on some (an
/// unclosed list followed by '}'), and it never reports a line. This check finds those mistakes and
/// names the line; it does not judge values, only shape: keys, separators, strings, brackets.
/// </summary>
public static class HoconSyntaxCheck
{
    private enum Kind { Text, Separator, OpenBrace, CloseBrace, OpenBracket, CloseBracket, Comma, Newline, End }

    private readonly record struct Token(Kind Kind, string Text, int Line);

    /// <summary>Throws <see cref="ConfigurationException"/> keyed "source:line" on the first mistake.</summary>
    public static void Check(string text, string source)
    {
        var tokens = Tokenize(text, source);
        new Parser(tokens, source).Root();
    }

    private static List<Token> Tokenize(string s, string source)
    {
        var tokens = new List<Token>();
        int line = 1, i = 0;
        while (i < s.Length)
        {
            char c = s[i];
            if (c == '\n') { tokens.Add(new(Kind.Newline, "end of line", line)); line++; i++; continue; }
            if (char.IsWhiteSpace(c) || c == '\uFEFF') { i++; continue; }
            if (c == '#' || (c == '/' && At(s, i + 1) == '/'))
            {
                while (i < s.Length && s[i] != '\n') i++;
                continue;
            }
            switch (c)
            {
                case '{': tokens.Add(new(Kind.OpenBrace, "{", line)); i++; continue;
                case '}': tokens.Add(new(Kind.CloseBrace, "}", line)); i++; continue;
                case '[': tokens.Add(new(Kind.OpenBracket, "[", line)); i++; continue;
                case ']': tokens.Add(new(Kind.CloseBracket, "]", line)); i++; continue;
                case ',': tokens.Add(new(Kind.Comma, ",", line)); i++; continue;
                case '=' or ':': tokens.Add(new(Kind.Separator, c.ToString(), line)); i++; continue;
            }
            if (c == '+' && At(s, i + 1) == '=') { tokens.Add(new(Kind.Separator, "+=", line)); i += 2; continue; }
            if (c == '"')
            {
                int start = line;
                if (At(s, i + 1) == '"' && At(s, i + 2) == '"')
                {
                    int close = s.IndexOf("\"\"\"", i + 3, StringComparison.Ordinal);
                    if (close < 0) throw Error(source, start, "a \"\"\" string is never closed");
                    line += s.AsSpan(i, close - i).Count('\n');
                    i = close + 3;
                    while (At(s, i) == '"') i++; // """ may end with extra quotes that belong to the string
                    tokens.Add(new(Kind.Text, "\"\"\"…\"\"\"", start));
                    continue;
                }
                int j = i + 1;
                while (j < s.Length && s[j] != '"' && s[j] != '\n') j += s[j] == '\\' ? 2 : 1;
                if (j >= s.Length || s[j] != '"') throw Error(source, start, "a quoted string is not closed on its line");
                tokens.Add(new(Kind.Text, s[i..(j + 1)], start));
                i = j + 1;
                continue;
            }
            if (c == '$' && At(s, i + 1) == '{')
            {
                int close = s.IndexOf('}', i);
                int eol = s.IndexOf('\n', i);
                if (close < 0 || (eol >= 0 && eol < close)) throw Error(source, line, "a ${…} substitution is not closed on its line");
                tokens.Add(new(Kind.Text, s[i..(close + 1)], line));
                i = close + 1;
                continue;
            }
            int k = i;
            while (k < s.Length && !EndsUnquoted(s, k)) k++;
            if (k == i) k++; // a lone character that ends nothing: take it as text so the scan always advances
            // HOCON forbids these outside quotes; Akka's parser loops forever on a stray '$'.
            var forbidden = s[i..k].FirstOrDefault(ch => ForbiddenUnquoted.Contains(ch));
            if (forbidden != '\0')
                throw Error(source, line, $"'{forbidden}' must be inside quotes: \"{s[i..k]}\"");
            tokens.Add(new(Kind.Text, s[i..k], line));
            i = k;
        }
        tokens.Add(new(Kind.End, "end of file", line));
        return tokens;
    }

    private const string ForbiddenUnquoted = "$+`^?!@*&\\";

    private static char At(string s, int i) => i < s.Length ? s[i] : '\0';

    private static bool EndsUnquoted(string s, int k)
    {
        char c = s[k];
        return char.IsWhiteSpace(c) || c is '{' or '}' or '[' or ']' or ',' or '=' or ':' or '#' or '"'
            || (c == '/' && At(s, k + 1) == '/') || (c == '+' && At(s, k + 1) == '=') || (c == '$' && At(s, k + 1) == '{');
    }

    private static ConfigurationException Error(string source, int line, string message) => new($"{source}:{line}", message);

    private sealed class Parser(List<Token> tokens, string source)
    {
        private int _pos;

        private Token Peek => tokens[_pos];
        private Token Next() => tokens[_pos++];

        public void Root()
        {
            SkipNewlines();
            if (Peek.Kind == Kind.OpenBrace)
            {
                var open = Next();
                Fields(open);
                SkipNewlines();
                if (Peek.Kind != Kind.End) throw Unexpected(Peek, "after the closing '}' of the file");
            }
            else Fields(null);
        }

        /// <summary>Key-value pairs up to the '}' matching <paramref name="open"/>, or to the end of the file.</summary>
        private void Fields(Token? open)
        {
            while (true)
            {
                while (Peek.Kind is Kind.Newline or Kind.Comma) Next();
                var t = Peek;
                switch (t.Kind)
                {
                    case Kind.End when open is null: return;
                    case Kind.End: throw Error(source, open!.Value.Line, "'{' is never closed");
                    case Kind.CloseBrace when open is not null: Next(); return;
                    case Kind.CloseBrace: throw Error(source, t.Line, "'}' without a matching '{'");
                    case Kind.CloseBracket when open is not null:
                        throw Error(source, t.Line, $"']' where '}}' closing the '{{' of line {open.Value.Line} was expected");
                    case Kind.Text: break;
                    default: throw Unexpected(t, "where a key was expected");
                }
                var key = Next();
                if (key.Text == "include" && Peek.Kind == Kind.Text)
                {
                    while (Peek.Kind == Kind.Text) Next(); // include "f", include required("f")
                    continue;
                }
                while (Peek.Kind == Kind.Text) Next(); // a key in pieces: "quoted".unquoted
                switch (Peek.Kind)
                {
                    case Kind.OpenBrace:
                        Fields(Next());
                        if (Peek.Kind == Kind.Comma) throw CommaAfterObject(key, Peek);
                        break;
                    case Kind.Separator: Next(); Value(key.Text); break;
                    default: throw Error(source, key.Line, $"expected '=', ':' or '{{' after '{key.Text}', got {Describe(Peek)}");
                }
                if (Peek.Kind is not (Kind.Newline or Kind.Comma or Kind.CloseBrace or Kind.End or Kind.CloseBracket))
                    throw Unexpected(Peek, $"after the value of '{key.Text}'");
            }
        }

        /// <summary>One value: text, an object or a list, possibly several concatenated on one line.</summary>
        private void Value(string key)
        {
            if (Peek.Kind is not (Kind.Text or Kind.OpenBrace or Kind.OpenBracket))
                throw Error(source, Peek.Line, $"'{key}' has no value");
            while (true)
            {
                switch (Peek.Kind)
                {
                    case Kind.Text: Next(); break;
                    case Kind.OpenBrace: Fields(Next()); break;
                    case Kind.OpenBracket: List(Next(), key); break;
                    default: return;
                }
            }
        }

        private void List(Token open, string key)
        {
            while (true)
            {
                SkipNewlines();
                var t = Peek;
                switch (t.Kind)
                {
                    case Kind.CloseBracket: Next(); return;
                    case Kind.End: throw Error(source, open.Line, "'[' is never closed");
                    case Kind.CloseBrace:
                        throw Error(source, t.Line, $"'}}' where ']' closing the '[' of line {open.Line} was expected");
                    case Kind.Comma: throw Error(source, t.Line, $"an empty element in the list of '{key}'");
                }
                Value(key);
                if (Peek.Kind == Kind.Comma) Next();
                else if (Peek.Kind is not (Kind.Newline or Kind.CloseBracket or Kind.CloseBrace or Kind.End))
                    throw Unexpected(Peek, $"in the list of '{key}'");
            }
        }

        /// <summary>HOCON allows <c>key { … },</c> but Akka 1.5's parser fails on it with "Unknown token ','" and no hint;
        /// say what it does accept.</summary>
        private ConfigurationException CommaAfterObject(Token key, Token comma) => Error(source, comma.Line,
            $"'{key.Text} {{ … }},' is valid HOCON but Akka's parser refuses a ',' after an object written without '=': " +
            $"write '{key.Text} = {{ … }},' or put a newline instead of the comma");

        private void SkipNewlines()
        {
            while (Peek.Kind == Kind.Newline) Next();
        }

        private ConfigurationException Unexpected(Token t, string where) => Error(source, t.Line, $"unexpected {Describe(t)} {where}");

        private static string Describe(Token t) =>
            t.Kind is Kind.Newline or Kind.End ? t.Text : $"'{t.Text}'";
    }
}
