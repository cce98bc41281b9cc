namespace Glyphh.Auth;

/// <summary>Names used by Glyphh authentication.</summary>
public static class GlyphhAuthDefaults
{
    /// <summary>The authentication scheme registered by <c>AddGlyphhAuth</c> (and made the default scheme): <c>Glyphh</c>.</summary>
    public const string AuthenticationScheme = "Glyphh";

    /// <summary>The claim naming the caller: <c>sub</c> (never remapped).</summary>
    public const string SubjectClaim = "sub";

    /// <summary>The claim listing the namespaces a caller is scoped to: <c>namespaces</c>.</summary>
    public const string NamespacesClaim = "namespaces";

    /// <summary>The claim mapping namespaces to permissions: <c>permissions</c>.</summary>
    public const string PermissionsClaim = "permissions";

    /// <summary>The namespace key that applies to every namespace: <c>*</c>.</summary>
    public const string AllNamespaces = "*";

    /// <summary>The header carrying an API key: <c>X-API-Key</c>.</summary>
    public const string ApiKeyHeader = "X-API-Key";
}
