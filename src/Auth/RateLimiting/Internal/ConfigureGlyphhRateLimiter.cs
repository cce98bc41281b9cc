using System.Globalization;
using System.Threading.RateLimiting;
using Glyphh.Auth.Authentication.Internal;
using Glyphh.Auth.Diagnostics.Internal;
using Glyphh.Auth.Network.Internal;
using Glyphh.Auth.Problems.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Glyphh.Auth.RateLimiting.Internal;

/// <summary>
/// Adds the named Glyphh policies to the ASP.NET Core rate limiter: partitioned by caller (<c>sub</c>) when authenticated,
/// by client address otherwise; rejections are 429 <c>rate-limited</c> problems with <c>Retry-After</c>.
/// </summary>
internal sealed class ConfigureGlyphhRateLimiter : IConfigureOptions<RateLimiterOptions>
{
    private static readonly object PolicyItem = new();

    private readonly GlyphhRateLimitOptions _options;

    public ConfigureGlyphhRateLimiter(IOptions<GlyphhRateLimitOptions> options) => _options = options.Value;

    public void Configure(RateLimiterOptions options)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        foreach (var (name, policy) in _options.Policies)
        {
            options.AddPolicy(name, context => Partition(context, name, policy));
        }

        if (_options.GlobalPolicy is { } global && _options.Policies.TryGetValue(global, out var globalPolicy))
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, global, globalPolicy));
        }

        options.OnRejected = OnRejectedAsync;
    }

    private async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var policy = PolicyName(context);
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after)
            ? after
            : _options.Policies.TryGetValue(policy, out var settings) ? settings.Window : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        context.RequestServices.GetService<AuthMetrics>()?.RateLimited(policy);
        var logger = context.RequestServices.GetService<ILoggerFactory>()?.CreateLogger("Glyphh.Auth.RateLimiting");
        if (logger is not null)
        {
            Log.RateLimited(logger, policy);
        }

        await ProblemWriter.WriteAsync(context, StatusCodes.Status429TooManyRequests, AuthErrorCodes.RateLimited, "Too many requests",
            $"The rate limit '{policy}' was exceeded; retry after {seconds} seconds.",
            ("policy", policy), ("retry_after_seconds", seconds.ToString(CultureInfo.InvariantCulture))).ConfigureAwait(false);
    }

    private string PolicyName(HttpContext context) =>
        context.Items.TryGetValue(PolicyItem, out var name) && name is string policy ? policy : _options.GlobalPolicy ?? "global";

    private static RateLimitPartition<string> Partition(HttpContext context, string name, GlyphhRateLimitPolicy policy)
    {
        // The global limiter is asked first and the endpoint's only when the global one admitted the request,
        // so the last name recorded is the policy that rejected it.
        context.Items[PolicyItem] = name;
        var key = PartitionKey(context);
        return policy.Algorithm switch
        {
            RateLimitAlgorithm.SlidingWindow => RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = policy.PermitLimit,
                Window = policy.Window,
                SegmentsPerWindow = policy.SegmentsPerWindow,
                QueueLimit = policy.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            }),
            RateLimitAlgorithm.TokenBucket => RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = policy.PermitLimit,
                TokensPerPeriod = policy.PermitLimit,
                ReplenishmentPeriod = policy.Window,
                QueueLimit = policy.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            }),
            _ => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = policy.PermitLimit,
                Window = policy.Window,
                QueueLimit = policy.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            }),
        };
    }

    /// <summary>The caller's <c>sub</c> when authenticated (not in mode none, where everyone is the same local admin), else the client address.</summary>
    internal static string PartitionKey(HttpContext context)
    {
        var identity = context.User.Identity;
        if (identity is { IsAuthenticated: true } && identity.AuthenticationType != GlyphhAuthenticationHandler.NoneAuthenticationType
            && context.User.FindFirst(GlyphhAuthDefaults.SubjectClaim)?.Value is { Length: > 0 } sub)
        {
            return "sub:" + sub;
        }

        var address = context.RequestServices.GetService<ClientAddressResolver>()?.Resolve(context) ?? context.Connection.RemoteIpAddress;
        return "ip:" + (address?.ToString() ?? "unknown");
    }
}
