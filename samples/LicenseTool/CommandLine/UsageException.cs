namespace Glyphh.LicenseTool.CommandLine;

/// <summary>The command line itself is wrong: exit code 2 and one line naming the mistake.</summary>
internal sealed class UsageException(string message) : Exception(message);
