namespace Glyphh.LicenseTool.CommandLine;

/// <summary>What a command writes to and reads the time from; the tests give their own.</summary>
internal sealed class ToolContext(TextWriter stdout, TextWriter stderr, TimeProvider time)
{
    public TextWriter Out { get; } = stdout;

    public TextWriter Error { get; } = stderr;

    public TimeProvider Time { get; } = time;
}
