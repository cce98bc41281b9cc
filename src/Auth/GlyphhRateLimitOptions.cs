namespace Glyphh.Auth;

/// <summary>Named rate-limit policies, partitioned by caller (<c>sub</c> or API key name) when authenticated and by client IP otherwise.</summary>
public sealed class GlyphhRateLimitOptions
{
    /// <summary>The configuration section these options bind from: <c>Glyphh:Auth:RateLimits</c>.</summary>
    public const string SectionName = GlyphhAuthOptions.SectionName + ":" + ChildSectionName;

    /// <summary>The child of the <c>Glyphh:Auth</c> section that holds these options: <c>RateLimits</c>.</summary>
    public const string ChildSectionName = "RateLimits";

    /// <summary>The name of the built-in policy: <c>default</c>.</summary>
    public const string DefaultPolicyName = "default";

    /// <summary>Gets or sets the policies by name; an endpoint picks one with <c>RequireGlyphhRateLimit(name)</c> or <c>RequireRateLimiting(name)</c>.</summary>
    /// <value>Default one policy, <c>default</c>: 10 requests per minute, fixed window, no queue.</value>
    public IDictionary<string, GlyphhRateLimitPolicy> Policies { get; set; } = new Dictionary<string, GlyphhRateLimitPolicy>(StringComparer.Ordinal)
    {
        [DefaultPolicyName] = new(),
    };

    /// <summary>Gets or sets the name of a policy applied to every endpoint (e.g. a requests-per-second limit); endpoints with <c>DisableRateLimiting()</c>, such as health probes, are exempt.</summary>
    /// <value>Default unset: only endpoints that ask for a policy are limited.</value>
    public string? GlobalPolicy { get; set; }
}
