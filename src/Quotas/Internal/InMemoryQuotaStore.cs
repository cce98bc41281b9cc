using System.Collections.Concurrent;
using Glyphh.Quotas.Stores;

namespace Glyphh.Quotas.Internal;

/// <summary>
/// Usage for one process. One lock per namespace: a reservation checks and applies all its deltas under it, so it
/// is exact and all-or-nothing, and namespaces never contend with each other.
/// </summary>
internal sealed class InMemoryQuotaStore : IQuotaStore
{
    private readonly ConcurrentDictionary<string, NamespaceState> _namespaces = new(StringComparer.Ordinal);

    public ValueTask<QuotaStoreResult> TryReserveAsync(string @namespace, IReadOnlyList<QuotaCharge> charges, CancellationToken cancellationToken)
    {
        var state = _namespaces.GetOrAdd(@namespace, static _ => new NamespaceState());
        lock (state)
        {
            for (var i = 0; i < charges.Count; i++)
            {
                var charge = charges[i];
                if (charge.Amount <= 0)
                {
                    continue;
                }
                var used = state.Used.GetValueOrDefault(charge.Resource);
                if (used > QuotaLimit.MaxValue - charge.Amount)
                {
                    return new(QuotaStoreResult.Overflowed(new QuotaOverflow(@namespace, charge.Resource, used, charge.Amount)));
                }
                var (limit, source) = charge.Resolve(state.Overrides.TryGetValue(charge.Resource, out var o) ? o : null);
                if (!limit.Allows(used + charge.Amount))
                {
                    return new(QuotaStoreResult.Denied(new QuotaDenial(@namespace, charge.Resource, limit, used, charge.Amount, source)));
                }
            }
            // The service's own pooled charges carry a buffer and a ready result: the granted path allocates nothing.
            var pooled = charges as ReservationCharges;
            pooled?.Usage.Clear();
            var usage = pooled is null ? new QuotaResourceUsage[charges.Count] : null;
            for (var i = 0; i < charges.Count; i++)
            {
                var charge = charges[i];
                var used = Math.Max(0, state.Used.GetValueOrDefault(charge.Resource) + charge.Amount);
                state.Used[charge.Resource] = used;
                var (limit, source) = charge.Resolve(state.Overrides.TryGetValue(charge.Resource, out var o) ? o : null);
                var entry = new QuotaResourceUsage(charge.Resource, used, limit, source);
                if (pooled is null)
                {
                    usage![i] = entry;
                }
                else
                {
                    pooled.Usage.Add(entry);
                }
            }
            return new(pooled?.Granted ?? QuotaStoreResult.Granted(usage!));
        }
    }

    public ValueTask<IReadOnlyDictionary<string, long>> AdjustAsync(string @namespace, IReadOnlyList<QuotaRequest> deltas, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, long>(deltas.Count, StringComparer.Ordinal);
        var state = _namespaces.GetOrAdd(@namespace, static _ => new NamespaceState());
        lock (state)
        {
            foreach (var delta in deltas)
            {
                var used = Math.Clamp(state.Used.GetValueOrDefault(delta.Resource) + delta.Amount, 0, QuotaLimit.MaxValue);
                state.Used[delta.Resource] = used;
                result[delta.Resource] = used;
            }
        }
        return new(result);
    }

    public async ValueTask<long> ReconcileAsync(string @namespace, string resource, Func<CancellationToken, ValueTask<long>> count, CancellationToken cancellationToken)
    {
        // A lock cannot be held across the count; exact only while no reservation runs (see IQuotaService).
        var used = await count(cancellationToken).ConfigureAwait(false);
        QuotaValidation.ThrowIfInvalidAmount(used, "usage");
        var state = _namespaces.GetOrAdd(@namespace, static _ => new NamespaceState());
        lock (state)
        {
            state.Used[resource] = used;
        }
        return used;
    }

    public ValueTask<QuotaStoreSnapshot> GetAsync(string @namespace, CancellationToken cancellationToken)
    {
        if (!_namespaces.TryGetValue(@namespace, out var state))
        {
            return new(new QuotaStoreSnapshot(new Dictionary<string, long>(), new Dictionary<string, QuotaLimit>()));
        }
        lock (state)
        {
            return new(new QuotaStoreSnapshot(
                new Dictionary<string, long>(state.Used, StringComparer.Ordinal),
                new Dictionary<string, QuotaLimit>(state.Overrides, StringComparer.Ordinal)));
        }
    }

    public ValueTask SetOverridesAsync(string @namespace, IReadOnlyDictionary<string, QuotaLimit?> changes, CancellationToken cancellationToken)
    {
        var state = _namespaces.GetOrAdd(@namespace, static _ => new NamespaceState());
        lock (state)
        {
            foreach (var (resource, limit) in changes)
            {
                if (limit is { } value)
                {
                    state.Overrides[resource] = value;
                }
                else
                {
                    state.Overrides.Remove(resource);
                }
            }
        }
        return ValueTask.CompletedTask;
    }

    private sealed class NamespaceState
    {
        public Dictionary<string, long> Used { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, QuotaLimit> Overrides { get; } = new(StringComparer.Ordinal);
    }
}
