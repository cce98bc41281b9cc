namespace Glyphh.LicenseTool.CommandLine;

/// <summary>One verb of <c>glyphh-license</c>.</summary>
internal abstract class ToolCommand
{
    /// <summary>The words that select it, e.g. <c>ca create</c>.</summary>
    public abstract string Name { get; }

    public abstract string Summary { get; }

    /// <summary>Positional arguments as shown in usage (e.g. <c>FILE</c>), or empty.</summary>
    public virtual string Positional => "";

    public virtual int RequiredPositionals => 0;

    public virtual int MaxPositionals => 0;

    public abstract IReadOnlyList<OptionSpec> Options { get; }

    /// <summary>Extra lines after the option list (examples, exit codes).</summary>
    public virtual string? Epilog => null;

    public abstract Task<int> ExecuteAsync(ParsedArguments args, ToolContext context, CancellationToken cancellationToken);

    public void WriteHelp(TextWriter writer)
    {
        var required = string.Join(' ', Options.Where(o => o.Required).Select(o => $"--{o.Name} {o.ValueName}"));
        var usage = string.Join(' ', new[] { $"glyphh-license {Name}", Positional, required, Options.Any(o => !o.Required) ? "[options]" : "" }
            .Where(s => s.Length > 0));
        writer.WriteLine($"{Summary}");
        writer.WriteLine();
        writer.WriteLine($"Usage: {usage}");
        writer.WriteLine();
        writer.WriteLine("Options:");
        foreach (var option in Options)
        {
            var left = option.IsFlag ? $"--{option.Name}" : $"--{option.Name} {option.ValueName}";
            var suffix = (option.Required ? " (required)" : "") + (option.Repeatable ? " (repeatable)" : "");
            writer.WriteLine($"  {left,-28} {option.Description}{suffix}");
        }
        writer.WriteLine($"  {"--help",-28} Show this help.");
        if (Epilog is { } epilog)
        {
            writer.WriteLine();
            writer.WriteLine(epilog);
        }
    }
}
