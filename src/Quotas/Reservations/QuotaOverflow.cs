using System.Globalization;

namespace Glyphh.Quotas;

/// <summary>A reservation that would take a usage above <see cref="QuotaLimit.MaxValue"/>, whatever the limit.</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="Resource">The resource.</param>
/// <param name="Used">Its usage when the reservation was refused.</param>
/// <param name="Requested">The amount that was asked for.</param>
public sealed record QuotaOverflow(string Namespace, string Resource, long Used, long Requested)
{
    /// <summary>A one-line description naming the resource, the usage and the amount.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"Reserving {Requested} {Resource} in namespace '{Namespace}' would take its usage ({Used}) above {QuotaLimit.MaxValue}.");
}
