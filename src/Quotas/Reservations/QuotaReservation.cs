namespace Glyphh.Quotas;

/// <summary>
/// The outcome of <see cref="IQuotaService.ReserveAsync(string, IEnumerable{QuotaRequest}, CancellationToken)"/> and,
/// when granted, a lease on the reserved deltas. Inside a transaction (<see cref="IQuotaService.WithStore(Stores.IQuotaStore)"/>)
/// the transaction settles it: committing keeps the deltas, rolling back undoes them, and <see cref="Commit"/> and
/// disposal change nothing. Otherwise use it with <c>await using</c>: call <see cref="Commit"/> once the guarded write
/// succeeded; disposing an uncommitted granted reservation undoes its deltas (retried by the SDK when the store is
/// down), so a failed write leaks nothing. A reservation that is neither committed nor disposed stays counted.
/// </summary>
public sealed class QuotaReservation : IAsyncDisposable
{
    private const int Pending = 0;
    private const int Committed = 1;
    private const int Released = 2;

    private readonly Func<string, IReadOnlyList<QuotaRequest>, CancellationToken, ValueTask>? _release;
    private int _state;

    internal QuotaReservation(
        string @namespace,
        IReadOnlyList<QuotaRequest> requests,
        QuotaDenial? denial,
        Func<string, IReadOnlyList<QuotaRequest>, CancellationToken, ValueTask>? release)
    {
        Namespace = @namespace;
        Requests = requests;
        Denial = denial;
        _release = release;
        // Without a release (granted inside a transaction, or nothing to undo) the reservation is already settled.
        _state = denial is not null ? Released : release is null ? Committed : Pending;
    }

    /// <summary>The namespace the amounts were reserved in.</summary>
    public string Namespace { get; }

    /// <summary>The deltas asked for, one entry per resource in ordinal order (negative: a shrink).</summary>
    public IReadOnlyList<QuotaRequest> Requests { get; }

    /// <summary>Whether every amount was reserved.</summary>
    public bool IsGranted => Denial is null;

    /// <summary>Why the reservation was refused, or <see langword="null"/> when it was granted.</summary>
    public QuotaDenial? Denial { get; }

    /// <summary>Keeps the reserved amounts counted; disposing no longer releases them.</summary>
    /// <exception cref="InvalidOperationException">The reservation was refused or already released.</exception>
    public void Commit()
    {
        ThrowIfDenied();
        var previous = Interlocked.CompareExchange(ref _state, Committed, Pending);
        if (previous == Released)
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
    public async ValueTask ReleaseAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, Released, Pending) != Pending || _release is null)
        {
            return;
        }
        try
        {
            await _release(Namespace, Requests, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Only when even the SDK's retry queue refused it: let a later call retry rather than lose it.
            Volatile.Write(ref _state, Pending);
            throw;
        }
    }

    /// <summary>Releases the reserved amounts unless <see cref="Commit"/> was called.</summary>
    public ValueTask DisposeAsync() => ReleaseAsync(CancellationToken.None);
}
