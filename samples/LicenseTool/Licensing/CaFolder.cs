using Glyphh.LicenseTool.CommandLine;

namespace Glyphh.LicenseTool.Licensing;

/// <summary>The CA folder's operations, over Glyphh.Licensing.Issuing.</summary>
internal static class CaFolder
{
    public static CaFiles Create(string directory, string name, string algorithm, TimeProvider time) =>
        throw new ToolException("not available yet");

    public static RotateResult Rotate(string directory, TimeProvider time) =>
        throw new ToolException("not available yet");

    public static IssuedLicense Issue(string directory, IssueRequest request, TimeProvider time) =>
        throw new ToolException("not available yet");
}
