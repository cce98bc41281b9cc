namespace Glyphh.Quotas;

/// <summary>
/// Rules for the namespace (scope) names quotas are kept under: 1 to <see cref="MaxLength"/> characters of ASCII
/// letters, digits, <c>.</c>, <c>_</c> and <c>-</c>, starting with a letter or digit (case-sensitive), or the
/// reserved <see cref="Deployment"/> scope.
/// </summary>
public static class QuotaNamespace
{
    /// <summary>
    /// The reserved scope for deployment-wide counts (for example how many namespaces exist). It starts with an
    /// underscore, so it never collides with a namespace name; messages call it "the deployment".
    /// </summary>
    public const string Deployment = "_deployment";

    /// <summary>The longest namespace name accepted.</summary>
    public const int MaxLength = 128;

    /// <summary>Whether <paramref name="name"/> is a valid namespace name or <see cref="Deployment"/>.</summary>
    /// <param name="name">The name to test.</param>
    public static bool IsValid(string? name)
    {
        if (name is null || name.Length is 0 or > MaxLength)
        {
            return false;
        }
        if (string.Equals(name, Deployment, StringComparison.Ordinal))
        {
            return true;
        }
        if (!char.IsAsciiLetterOrDigit(name[0]))
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                return false;
            }
        }
        return true;
    }
}
