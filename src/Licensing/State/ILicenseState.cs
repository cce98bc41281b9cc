namespace Glyphh.Licensing;

/// <summary>The license state of the running service: read <see cref="Current"/>, or react to <see cref="Changed"/>.</summary>
public interface ILicenseState
{
    /// <summary>The current snapshot. Reading it takes no lock and allocates nothing.</summary>
    LicenseSnapshot Current { get; }

    /// <summary>Raised after <see cref="Current"/> changed status (or limits, expiry, grace end). Handlers must not throw or block.</summary>
    event EventHandler<LicenseStateChangedEventArgs>? Changed;
}
