namespace Glyphh.LicenseTool.Licensing;

/// <summary>A license as written by <c>issue</c>.</summary>
internal sealed record IssuedLicense(string LicenseId, string Armored);
