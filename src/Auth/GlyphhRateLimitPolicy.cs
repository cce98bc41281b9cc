namespace Glyphh.Auth;

/// <summary>One rate-limit policy: <see cref="PermitLimit"/> requests per <see cref="Window"/> for each caller.</summary>
public sealed class GlyphhRateLimitPolicy
{
    /// <summary>Gets or sets how the window is counted.</summary>
    /// <value>Default <see cref="RateLimitAlgorithm.FixedWindow"/>.</value>
    public RateLimitAlgorithm Algorithm { get; set; } = RateLimitAlgorithm.FixedWindow;

    /// <summary>Gets or sets the requests allowed per window for one caller.</summary>
    /// <value>Default 10.</value>
    public int PermitLimit { get; set; } = 10;

    /// <summary>Gets or sets the window length (token bucket: the replenishment period).</summary>
    /// <value>Default 1 minute.</value>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets the segments of a sliding window.</summary>
    /// <value>Default 4. Used only by <see cref="RateLimitAlgorithm.SlidingWindow"/>.</value>
    public int SegmentsPerWindow { get; set; } = 4;

    /// <summary>Gets or sets how many requests over the limit wait for a permit instead of being rejected at once.</summary>
    /// <value>Default 0: reject at once with 429 (a queue silently delays callers).</value>
    public int QueueLimit { get; set; }
}
