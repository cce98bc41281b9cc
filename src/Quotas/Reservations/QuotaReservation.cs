using Glyphh.Quotas.Internal;

namespace Glyphh.Quotas;

/// <summary>
/// The outcome of <see cref="IQuotaService.ReserveAsync(string, IEnumerable{QuotaRequest}, CancellationToken)"/> and,
/// when granted, a lease on the reserved deltas. Inside a transaction (<see cref="IQuotaService.WithStore(Stores.IQuotaStore)"/>)
/// the transaction settles it: committing keeps the deltas, rolling back undoes them, and <see cref="Commit"/> and
/// disposal change nothing. Otherwise use it with <c>await using</c>: call <see cref="Commit"/> once the guarded write
/// succeeded; disposing an uncommitted granted reservation undoes its deltas (retried by the SDK when the store is
/// down), so a failed write leaks nothing. A reservation that is neither committed nor disposed stays counted.
/// </summary>
/// <remarks>
/// A value type, so a granted reservation allocates nothing. Every copy is the same lease: committing or releasing
/// one copy settles them all, and <c>default(QuotaReservation)</c> is a settled, granted reservation of nothing.
/// </remarks>
public readonly struct QuotaReservation : IAsyncDisposable
{
    private readonly QuotaRequest _single;
    private readonly QuotaRequest[]? _many;
    private readonly ReservationState? _state;
    private readonly long _version;

    /// <summary>A reservation of one delta (or none) without a lease: refused, or settled by a transaction.</summary>
    internal QuotaReservation(string @namespace, QuotaRequest single, QuotaRequest[]? many, QuotaDenial? denial)
        : this(@namespace, single, many, denial, null, 0)
    {
    }

    /// <summary>A granted reservation whose undo is leased through <paramref name="state"/> at <paramref name="version"/>.</summary>
    internal QuotaReservation(string @namespace, QuotaRequest single, QuotaRequest[]? many, QuotaDenial? denial, ReservationState? state, long version)
    {
        Namespace = @namespace;
        _single = single;
        _many = many;
        Denial = denial;
        _state = state;
        _version = version;
    }

    /// <summary>The namespace the amounts were reserved in.</summary>
    public string Namespace { get; }

    /// <summary>The deltas asked for, one entry per resource in ordinal order (negative: a shrink).</summary>
    public IReadOnlyList<QuotaRequest> Requests => _many ?? (_single.Resource is null ? [] : [_single]);

    /// <summary>Whether every amount was reserved.</summary>
    public bool IsGranted => Denial is null;

    /// <summary>Why the reservation was refused, or <see langword="null"/> when it was granted.</summary>
    public QuotaDenial? Denial { get; }

    /// <summary>Keeps the reserved amounts counted; disposing no longer releases them.</summary>
    /// <exception cref="InvalidOperationException">The reservation was refused or already released.</exception>
    public void Commit()
    {
        ThrowIfDenied();
        if (_state?.TryCommit(_version) == false)
        {
            throw new InvalidOperationException("This quota reservation was already released and can no longer be committed.");
        }
    }

    /// <summary>Throws when the reservation was refused.</summary>
    /// <exception cref="QuotaException">Code <see cref="QuotaErrorCodes.QuotaExceeded"/>, carrying <see cref="Denial"/>.</exception>
    public void ThrowIfDenied()
    {
        if (Denial is { } denial)
        {
            throw new QuotaException(denial);
        }
    }

    /// <summary>
    /// Undoes the reserved deltas now, unless the reservation was committed, refused, settled by a transaction or
    /// already released. When the store cannot take it, the SDK queues it and retries in the background.
    /// </summary>
    /// <param name="cancellationToken">Cancels the release.</param>
    public ValueTask ReleaseAsync(CancellationToken cancellationToken = default)
    {
        if (_state is not { } state || state.TryStartRelease(_version) is not { } release)
        {
            return ValueTask.CompletedTask;
        }
        return ReleaseNowAsync(state, release, cancellationToken);
    }

    /// <summary>Releases the reserved amounts unless <see cref="Commit"/> was called.</summary>
    public ValueTask DisposeAsync() => ReleaseAsync(CancellationToken.None);

    private async ValueTask ReleaseNowAsync(ReservationState state, Func<string, IReadOnlyList<QuotaRequest>, CancellationToken, ValueTask> release, CancellationToken cancellationToken)
    {
        try
        {
            // From this struct's own fields: the state object may serve another reservation once committed.
            await release(Namespace, Requests, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Only when even the SDK's retry queue refused it: let a later call retry rather than lose it.
            state.AbortRelease(_version);
            throw;
        }
    }
}
