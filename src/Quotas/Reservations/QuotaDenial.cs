using System.Globalization;

namespace Glyphh.Quotas;

/// <summary>Why a reservation was refused: the first resource whose effective limit it would have exceeded.</summary>
/// <param name="Namespace">The namespace (or <see cref="QuotaNamespace.Deployment"/>).</param>
/// <param name="Resource">The resource that is exhausted.</param>
/// <param name="Limit">Its effective limit.</param>
/// <param name="Used">Its usage when the reservation was refused.</param>
/// <param name="Requested">The amount that was asked for.</param>
/// <param name="Source">Where the limit comes from, which says how to lift it.</param>
public sealed record QuotaDenial(string Namespace, string Resource, QuotaLimit Limit, long Used, long Requested, QuotaLimitSource Source)
{
    /// <summary>A one-line description, for example <c>Namespace 'team-a' has used 1000 of its 1000 items; 1 more were requested.</c></summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Describe(Namespace)} has used {Used} of its {Limit} {Resource}; {Requested} more were requested.");

    internal static string Describe(string @namespace) =>
        string.Equals(@namespace, QuotaNamespace.Deployment, StringComparison.Ordinal) ? "The deployment" : $"Namespace '{@namespace}'";
}
