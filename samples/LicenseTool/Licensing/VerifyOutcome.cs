namespace Glyphh.LicenseTool.Licensing;

/// <summary>The one-line verdict of <c>verify</c>.</summary>
internal sealed record VerifyOutcome(bool IsValid, string Message);
