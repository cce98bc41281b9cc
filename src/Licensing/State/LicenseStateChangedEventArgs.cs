namespace Glyphh.Licensing;

/// <summary>Carries the previous and the new snapshot of a state change.</summary>
public sealed class LicenseStateChangedEventArgs : EventArgs
{
    /// <summary>Creates the arguments.</summary>
    /// <param name="previous">The snapshot before.</param>
    /// <param name="current">The snapshot after.</param>
    public LicenseStateChangedEventArgs(LicenseSnapshot previous, LicenseSnapshot current)
    {
        Previous = previous;
        Current = current;
    }

    /// <summary>The snapshot before the change.</summary>
    public LicenseSnapshot Previous { get; }

    /// <summary>The snapshot after the change.</summary>
    public LicenseSnapshot Current { get; }
}
