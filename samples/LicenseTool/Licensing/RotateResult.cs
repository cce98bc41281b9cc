namespace Glyphh.LicenseTool.Licensing;

/// <summary>The outcome of <c>ca rotate</c>.</summary>
internal sealed record RotateResult(string Thumbprint, DateTimeOffset NotAfter, string ArchivedAs);
