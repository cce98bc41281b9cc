namespace Glyphh.LicenseTool.CommandLine;

/// <summary>A command could not do its work (file missing, bad CA folder, invalid license): exit code 1 and one line.</summary>
internal sealed class ToolException(string message) : Exception(message);
