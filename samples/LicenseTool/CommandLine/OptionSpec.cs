namespace Glyphh.LicenseTool.CommandLine;

/// <summary>One <c>--name</c> option of a command.</summary>
/// <param name="Name">The long name without dashes.</param>
/// <param name="ValueName">The value's placeholder in help, or <see langword="null"/> for a flag.</param>
/// <param name="Description">One line of help.</param>
/// <param name="Required">Whether the command refuses to run without it.</param>
/// <param name="Repeatable">Whether it may be given more than once.</param>
internal sealed record OptionSpec(string Name, string? ValueName, string Description, bool Required = false, bool Repeatable = false)
{
    public bool IsFlag => ValueName is null;
}
