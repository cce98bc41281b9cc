using System.Globalization;
using Glyphh.Quotas.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Glyphh.Quotas.Internal;

/// <summary>Validates input, resolves defaults and tier caps, and leaves the atomic part to the store.</summary>
internal sealed class QuotaService : IQuotaService
{
    private readonly IQuotaStore _store;
    private readonly IQuotaTierCaps[] _tierCaps;
    private readonly QuotaMetrics _metrics;
    private readonly QuotaReleaseQueue? _releases;
    private readonly ILogger<QuotaService> _logger;
    private readonly Dictionary<string, QuotaLimit> _defaults;
    private readonly string[] _resources;
    private readonly double _warningThreshold;
    private readonly Func<string, IReadOnlyList<QuotaRequest>, CancellationToken, ValueTask>? _undo;

    public QuotaService(
        IQuotaStore store,
        IEnumerable<IQuotaTierCaps> tierCaps,
        IOptions<GlyphhQuotasOptions> options,
        QuotaMetrics metrics,
        QuotaReleaseQueue releases,
        ILogger<QuotaService> logger)
    {
        _store = store;
        _tierCaps = [.. tierCaps];
        _metrics = metrics;
        _releases = releases;
        _logger = logger;
        var value = options.Value;
        _defaults = value.EffectiveLimits().ToDictionary(p => p.Key, p => QuotaLimit.FromNullable(p.Value), StringComparer.Ordinal);
        _resources = [.. _defaults.Keys.Order(StringComparer.Ordinal)];
        _warningThreshold = value.WarningThreshold;
        _undo = UndoAsync;
    }

    /// <summary>A view through another store (the caller's transaction): same configuration, no queue, no undo.</summary>
    private QuotaService(QuotaService parent, IQuotaStore store)
    {
        _store = store;
        _tierCaps = parent._tierCaps;
        _metrics = parent._metrics;
        _releases = null;
        _logger = parent._logger;
        _defaults = parent._defaults;
        _resources = parent._resources;
        _warningThreshold = parent._warningThreshold;
        _undo = null;
    }

    /// <summary>The known resources in ordinal order.</summary>
    public IReadOnlyList<string> Resources => _resources;

    public IQuotaService WithStore(IQuotaStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new QuotaService(this, store);
    }

    public ValueTask<QuotaReservation> ReserveAsync(string @namespace, string resource, long amount, CancellationToken cancellationToken = default)
    {
        QuotaValidation.ThrowIfInvalidNamespace(@namespace);
        ThrowIfUnknownResource(resource);
        QuotaValidation.ThrowIfInvalidDelta(amount);
        return ReserveValidatedAsync(@namespace, new QuotaRequest(resource, amount), null, cancellationToken);
    }

    public ValueTask<QuotaReservation> ReserveAsync(string @namespace, IEnumerable<QuotaRequest> requests, CancellationToken cancellationToken = default)
    {
        QuotaValidation.ThrowIfInvalidNamespace(@namespace);
        return ReserveValidatedAsync(@namespace, default, Normalize(requests, signed: true), cancellationToken);
    }

    /// <summary>Reserves <paramref name="single"/>, or <paramref name="many"/> when not null (merged and sorted).</summary>
    private async ValueTask<QuotaReservation> ReserveValidatedAsync(string @namespace, QuotaRequest single, QuotaRequest[]? many, CancellationToken cancellationToken)
    {
        if (many is null ? single.Amount == 0 : CountNonZero(many) == 0)
        {
            _metrics.Granted();
            return new QuotaReservation(@namespace, single, many, null);
        }
        var charges = ReservationCharges.Rent();
        if (many is null)
        {
            charges.Add(Charge(@namespace, single));
        }
        else
        {
            foreach (var request in many)
            {
                if (request.Amount != 0)
                {
                    charges.Add(Charge(@namespace, request));
                }
            }
        }

        using var activity = QuotaActivity.Start("glyphh.quota.reserve", @namespace);
        QuotaStoreResult result;
        try
        {
            // Only the in-memory store (ours) may see the pooled buffers; any other store may keep what it is given.
            IReadOnlyList<QuotaCharge> passed = _store is InMemoryQuotaStore ? charges : charges.ToArray();
            result = await CallStoreAsync("reserve", @namespace, passed, static (store, ns, c, ct) => store.TryReserveAsync(ns, c, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            charges.Return();
            QuotaActivity.Fail(activity, exception);
            throw;
        }

        if (result.Overflow is { } overflow)
        {
            charges.Return();
            var exception = new QuotaException(overflow);
            QuotaActivity.Fail(activity, exception);
            throw exception;
        }
        if (result.Denial is { } denial)
        {
            activity?.SetTag(QuotaActivity.OutcomeTag, "denied");
            _metrics.Denied(denial.Resource);
            _metrics.Record(@namespace, denial.Resource, denial.Used, denial.Limit);
            Log.ReservationDenied(_logger, @namespace, denial.Resource, denial.Requested, denial.Used, denial.Limit.ToString(), denial.Source);
            charges.Return();
            return new QuotaReservation(@namespace, single, many, denial);
        }

        activity?.SetTag(QuotaActivity.OutcomeTag, "granted");
        _metrics.Granted();
        var usages = result.Usage;
        for (var i = 0; i < usages.Count; i++)
        {
            var usage = usages[i];
            _metrics.Record(@namespace, usage.Resource, usage.Used, usage.Limit);
            WarnOnCrossing(@namespace, usage, usage.Used - AmountOf(charges, usage.Resource));
        }
        charges.Return();
        if (_undo is null)
        {
            // Settled by the caller's transaction: nothing to lease.
            return new QuotaReservation(@namespace, single, many, null);
        }
        var state = ReservationState.Rent(_undo);
        return new QuotaReservation(@namespace, single, many, null, state, state.Version);
    }

    private QuotaCharge Charge(string @namespace, QuotaRequest request) =>
        new(request.Resource, request.Amount, _defaults[request.Resource], TierCap(@namespace, request.Resource));

    public ValueTask ReleaseAsync(string @namespace, string resource, long amount, CancellationToken cancellationToken = default)
    {
        QuotaValidation.ThrowIfInvalidNamespace(@namespace);
        ThrowIfUnknownResource(resource);
        QuotaValidation.ThrowIfInvalidAmount(amount, "amount");
        return amount == 0 ? ValueTask.CompletedTask : AdjustAsync(@namespace, [new QuotaRequest(resource, -amount)], "release", cancellationToken);
    }

    public ValueTask ReleaseAsync(string @namespace, IEnumerable<QuotaRequest> requests, CancellationToken cancellationToken = default)
    {
        QuotaValidation.ThrowIfInvalidNamespace(@namespace);
        var merged = Normalize(requests, signed: false);
        return AdjustAsync(@namespace, Negated(merged), "release", cancellationToken);
    }

    /// <summary>Undoes a granted reservation: the opposite of each delta, without limit checks.</summary>
    private ValueTask UndoAsync(string @namespace, IReadOnlyList<QuotaRequest> requests, CancellationToken cancellationToken) =>
        AdjustAsync(@namespace, Negated(requests), "undo", cancellationToken);

    private async ValueTask AdjustAsync(string @namespace, QuotaRequest[] deltas, string operation, CancellationToken cancellationToken)
    {
        if (deltas.Length == 0)
        {
            return;
        }
        using var activity = QuotaActivity.Start("glyphh.quota.release", @namespace, operation);
        IReadOnlyDictionary<string, long> after;
        try
        {
            after = await CallStoreAsync(operation, @namespace, deltas, static (store, ns, d, ct) => store.AdjustAsync(ns, d, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (QuotaException exception) when (exception.ErrorCode == QuotaErrorCodes.StoreUnavailable
            && _releases is not null && _releases.TryEnqueue(@namespace, deltas, exception.InnerException ?? exception))
        {
            // The SDK owns it from here: retried in the background until the store takes it.
            activity?.SetTag(QuotaActivity.OutcomeTag, "queued");
            return;
        }
        catch (Exception exception)
        {
            QuotaActivity.Fail(activity, exception);
            throw;
        }
        foreach (var (resource, used) in after)
        {
            _metrics.RecordUsage(@namespace, resource, used);
        }
    }

    public async ValueTask SetUsageAsync(string @namespace, string resource, long used, CancellationToken cancellationToken = default)
    {
        QuotaValidation.ThrowIfInvalidAmount(used, "usage");
        await ReconcileValidatedAsync(@namespace, resource, _ => new ValueTask<long>(used), cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<long> ReconcileAsync(string @namespace, string resource, Func<CancellationToken, ValueTask<long>> count, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(count);
        return ReconcileValidatedAsync(@namespace, resource, async ct =>
        {
            var used = await count(ct).ConfigureAwait(false);
            QuotaValidation.ThrowIfInvalidAmount(used, "usage");
            return used;
        }, cancellationToken);
    }

    private async ValueTask<long> ReconcileValidatedAsync(string @namespace, string resource, Func<CancellationToken, ValueTask<long>> count, CancellationToken cancellationToken)
    {
        QuotaValidation.ThrowIfInvalidNamespace(@namespace);
        ThrowIfUnknownResource(resource);
        using var activity = QuotaActivity.Start("glyphh.quota.reconcile", @namespace);
        long used;
        try
        {
            used = await CallStoreAsync("reconcile", @namespace, (resource, count), static (store, ns, a, ct) => store.ReconcileAsync(ns, a.resource, a.count, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            QuotaActivity.Fail(activity, exception);
            throw;
        }
        _metrics.RecordUsage(@namespace, resource, used);
        Log.UsageSet(_logger, @namespace, resource, used);
        return used;
    }

    public async ValueTask<QuotaStatus> GetStatusAsync(string @namespace, CancellationToken cancellationToken = default)
    {
        QuotaValidation.ThrowIfInvalidNamespace(@namespace);
        var snapshot = await CallStoreAsync("read", @namespace, 0, static (store, ns, _, ct) => store.GetAsync(ns, ct), cancellationToken).ConfigureAwait(false);

        var limits = new Dictionary<string, QuotaLimit>(_resources.Length, StringComparer.Ordinal);
        var usage = new Dictionary<string, long>(_resources.Length, StringComparer.Ordinal);
        var sources = new Dictionary<string, QuotaLimitSource>(_resources.Length, StringComparer.Ordinal);
        // Only a namespace that holds something gets series: a read of an unknown name must not create state.
        var observed = snapshot.Overrides.Count > 0 || snapshot.Usage.Values.Any(u => u > 0);
        foreach (var resource in _resources)
        {
            var charge = new QuotaCharge(resource, 0, _defaults[resource], TierCap(@namespace, resource));
            var (limit, source) = charge.Resolve(snapshot.Overrides.TryGetValue(resource, out var o) ? o : null);
            var used = snapshot.Usage.GetValueOrDefault(resource);
            limits[resource] = limit;
            usage[resource] = used;
            sources[resource] = source;
            if (observed)
            {
                _metrics.Record(@namespace, resource, used, limit);
            }
        }
        return new QuotaStatus(@namespace, limits, usage, sources);
    }

    public async ValueTask<QuotaStatus> SetLimitsAsync(string @namespace, IReadOnlyDictionary<string, QuotaLimit?> changes, CancellationToken cancellationToken = default)
    {
        QuotaValidation.ThrowIfInvalidNamespace(@namespace);
        ArgumentNullException.ThrowIfNull(changes);
        var copy = new Dictionary<string, QuotaLimit?>(changes.Count, StringComparer.Ordinal);
        foreach (var (resource, limit) in changes)
        {
            ThrowIfUnknownResource(resource);
            if (limit is { IsUnlimited: false } value)
            {
                // Re-checks values made through default(QuotaLimit) or a host's own struct copies.
                _ = QuotaLimit.Of(value.Value);
            }
            copy[resource] = limit;
        }
        if (copy.Count > 0)
        {
            await CallStoreAsync("set-limits", @namespace, copy, static async (store, ns, c, ct) =>
            {
                await store.SetOverridesAsync(ns, c, ct).ConfigureAwait(false);
                return 0;
            }, cancellationToken).ConfigureAwait(false);
            Log.LimitsChanged(_logger, @namespace, string.Join(", ", copy.Select(p => $"{p.Key}={(p.Value is { } v ? v.ToString() : "default")}")));
        }
        return await GetStatusAsync(@namespace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One store round trip, traced; a failure becomes <see cref="QuotaErrorCodes.StoreUnavailable"/>.</summary>
    private async ValueTask<TResult> CallStoreAsync<TArg, TResult>(
        string operation,
        string @namespace,
        TArg argument,
        Func<IQuotaStore, string, TArg, CancellationToken, ValueTask<TResult>> call,
        CancellationToken cancellationToken)
    {
        using var activity = QuotaActivity.Start("glyphh.quota.store", @namespace, operation);
        try
        {
            return await call(_store, @namespace, argument, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not (QuotaException or OperationCanceledException))
        {
            QuotaActivity.Fail(activity, exception);
            Log.StoreFailed(_logger, exception, operation, @namespace);
            throw new QuotaException(QuotaErrorCodes.StoreUnavailable, $"The quota store failed during {operation}; nothing was granted.", exception);
        }
        catch (Exception exception)
        {
            QuotaActivity.Fail(activity, exception);
            throw;
        }
    }

    /// <summary>Validates, merges duplicates (checked) and sorts ordinally so stores lock in one order.</summary>
    private QuotaRequest[] Normalize(IEnumerable<QuotaRequest> requests, bool signed)
    {
        ArgumentNullException.ThrowIfNull(requests);
        // A reservation names a handful of resources: a linear merge beats a dictionary here.
        var merged = new List<QuotaRequest>(4);
        foreach (var request in requests)
        {
            ThrowIfUnknownResource(request.Resource);
            if (signed)
            {
                QuotaValidation.ThrowIfInvalidDelta(request.Amount);
            }
            else
            {
                QuotaValidation.ThrowIfInvalidAmount(request.Amount, "amount");
            }
            var index = IndexOf(merged, request.Resource);
            if (index < 0)
            {
                merged.Add(request);
                continue;
            }
            var total = merged[index].Amount + request.Amount;
            if (total is > QuotaLimit.MaxValue or < -QuotaLimit.MaxValue)
            {
                throw new QuotaException(
                    QuotaErrorCodes.Overflow,
                    string.Create(CultureInfo.InvariantCulture, $"The amounts of {request.Resource} add up to more than {QuotaLimit.MaxValue}."));
            }
            merged[index] = request with { Amount = total };
        }
        var result = merged.ToArray();
        Array.Sort(result, static (x, y) => string.CompareOrdinal(x.Resource, y.Resource));
        return result;
    }

    private static int IndexOf(List<QuotaRequest> requests, string resource)
    {
        for (var i = 0; i < requests.Count; i++)
        {
            if (string.Equals(requests[i].Resource, resource, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    private static QuotaRequest[] Negated(IReadOnlyList<QuotaRequest> requests)
    {
        var result = new QuotaRequest[CountNonZero(requests)];
        var n = 0;
        foreach (var request in requests)
        {
            if (request.Amount != 0)
            {
                result[n++] = request with { Amount = -request.Amount };
            }
        }
        return result;
    }

    private static int CountNonZero(IReadOnlyList<QuotaRequest> requests)
    {
        var count = 0;
        for (var i = 0; i < requests.Count; i++)
        {
            if (requests[i].Amount != 0)
            {
                count++;
            }
        }
        return count;
    }

    private void ThrowIfUnknownResource(string resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (!_defaults.ContainsKey(resource))
        {
            throw new QuotaException(
                QuotaErrorCodes.UnknownResource,
                _resources.Length == 0
                    ? $"The resource '{QuotaValidation.Printable(resource)}' is not known; no resource is declared (AddResource)."
                    : $"The resource '{QuotaValidation.Printable(resource)}' is not known; known resources: {string.Join(", ", _resources)}.");
        }
    }

    private QuotaLimit TierCap(string @namespace, string resource)
    {
        var cap = QuotaLimit.Unlimited;
        foreach (var caps in _tierCaps)
        {
            cap = QuotaLimit.Min(cap, caps.GetCap(@namespace, resource));
        }
        return cap;
    }

    private void WarnOnCrossing(string @namespace, QuotaResourceUsage usage, long before)
    {
        if (usage.Limit.IsUnlimited || usage.Limit.Value == 0)
        {
            return;
        }
        var limit = usage.Limit.Value;
        var threshold = (long)Math.Ceiling(limit * _warningThreshold);
        if (before < threshold && usage.Used >= threshold)
        {
            _metrics.Warning(@namespace, usage.Resource);
            Log.WarningThresholdCrossed(_logger, @namespace, usage.Resource, usage.Used, limit, Math.Round(_warningThreshold * 100, 2));
        }
    }

    private static long AmountOf(ReservationCharges charges, string resource)
    {
        for (var i = 0; i < charges.Count; i++)
        {
            if (string.Equals(charges[i].Resource, resource, StringComparison.Ordinal))
            {
                return charges[i].Amount;
            }
        }
        return 0;
    }
}
