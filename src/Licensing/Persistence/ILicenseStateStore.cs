namespace Glyphh.Licensing;

/// <summary>
/// Keeps the last good receipt and the highest time seen across restarts. The default stores a file in the
/// data directory, written atomically. A store may throw on unreadable state; the SDK then logs it and starts
/// without it (which never grants extra time).
/// </summary>
public interface ILicenseStateStore
{
    /// <summary>Loads the persisted state.</summary>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The state, or <see langword="null"/> when none was saved.</returns>
    ValueTask<PersistedLicenseState?> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Saves the state, replacing the previous one atomically.</summary>
    /// <param name="state">The state.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    /// <returns>A task that completes when the state is durable.</returns>
    ValueTask SaveAsync(PersistedLicenseState state, CancellationToken cancellationToken);
}
