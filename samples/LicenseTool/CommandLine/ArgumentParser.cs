namespace Glyphh.LicenseTool.CommandLine;

/// <summary>
/// A small POSIX-style parser: <c>--name value</c>, <c>--name=value</c>, flags, positionals and <c>--</c>.
/// Hand-written so every mistake becomes exactly one line and exit code 2.
/// </summary>
internal static class ArgumentParser
{
    public static ParsedArguments Parse(IReadOnlyList<string> args, IReadOnlyList<OptionSpec> specs, int maxPositionals)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var positionals = new List<string>();
        var onlyPositionals = false;

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (onlyPositionals || !arg.StartsWith('-') || arg == "-")
            {
                if (positionals.Count == maxPositionals)
                {
                    throw new UsageException(maxPositionals == 0
                        ? $"unexpected argument '{arg}'"
                        : $"unexpected extra argument '{arg}'");
                }
                positionals.Add(arg);
                continue;
            }
            if (arg == "--")
            {
                onlyPositionals = true;
                continue;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"unknown option '{arg}' (options are spelled --name)");
            }

            var name = arg[2..];
            string? inline = null;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                inline = name[(eq + 1)..];
                name = name[..eq];
            }

            var spec = specs.FirstOrDefault(s => s.Name == name)
                ?? throw new UsageException($"unknown option '--{name}'");

            string value;
            if (spec.IsFlag)
            {
                if (inline is not null)
                {
                    throw new UsageException($"--{name} takes no value");
                }
                value = "true";
            }
            else if (inline is not null)
            {
                value = inline;
            }
            else if (i + 1 < args.Count && !IsOptionLike(args[i + 1]))
            {
                value = args[++i];
            }
            else
            {
                throw new UsageException($"--{name} needs a value ({spec.ValueName})");
            }

            if (!values.TryGetValue(name, out var list))
            {
                values[name] = list = [];
            }
            else if (!spec.Repeatable)
            {
                throw new UsageException($"--{name} may be given only once");
            }
            list.Add(value);
        }

        foreach (var spec in specs.Where(s => s.Required && !values.ContainsKey(s.Name)))
        {
            throw new UsageException($"missing --{spec.Name} {spec.ValueName}");
        }
        return new ParsedArguments(values, positionals);
    }

    private static bool IsOptionLike(string arg) => arg.Length > 1 && arg[0] == '-' && arg != "-";
}
