namespace Glyphh.Quotas;

/// <summary>A signed amount of one resource: positive to grow, negative to shrink (in a reservation or a release, positive only).</summary>
/// <param name="Resource">The resource name, one the host declared with <c>AddResource</c>.</param>
/// <param name="Amount">
/// The amount. In <see cref="IQuotaService.ReserveAsync(string, IEnumerable{QuotaRequest}, CancellationToken)"/> between
/// -<see cref="QuotaLimit.MaxValue"/> and <see cref="QuotaLimit.MaxValue"/> (only positive deltas are checked against
/// limits); elsewhere between 0 and <see cref="QuotaLimit.MaxValue"/>.
/// </param>
public readonly record struct QuotaRequest(string Resource, long Amount);
