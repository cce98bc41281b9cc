namespace Glyphh.LicenseServer.Problems;

/// <summary>The contract's problem <c>type</c> codes used by this server.</summary>
internal static class ProblemTypes
{
    public const string Base = "https://glyphh.dev/problems/";
    public const string Validation = "validation";
    public const string MalformedJson = "malformed-json";
    public const string PayloadTooLarge = "payload-too-large";
    public const string UnsupportedMediaType = "unsupported-media-type";
    public const string NotFound = "not-found";
    public const string Conflict = "conflict";
    public const string Unauthenticated = "unauthenticated";
    public const string RateLimited = "rate-limited";
    public const string Internal = "internal";
}
