namespace Glyphh.Auth;

/// <summary>How a rate-limit policy counts requests.</summary>
public enum RateLimitAlgorithm
{
    /// <summary>A fixed window: the count resets at the end of each window.</summary>
    FixedWindow,

    /// <summary>A sliding window made of segments.</summary>
    SlidingWindow,

    /// <summary>A token bucket refilled with the permit limit each window (smooths requests-per-second limits).</summary>
    TokenBucket,
}
