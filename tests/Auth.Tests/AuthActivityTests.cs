using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Glyphh.Auth.Tests.Infrastructure;

namespace Glyphh.Auth.Tests;

/// <summary>
/// The <c>Glyphh.Auth</c> spans through an ActivityListener and the real pipeline: a token's first validation makes a
/// <c>glyphh.auth.token.validate</c> span, a cached token none. Alone in its collection, so no other test's spans count.
/// </summary>
[Collection(ActivityCollection.Name)]
public sealed class AuthActivityTests
{
    [Fact]
    public async Task TokenValidation_SpanOnFirstSightOnly_FailureHasErrorStatus()
    {
        using var spans = new SpanRecorder();
        await using var host = await AuthTestHost.StartAsync();
        var token = Tokens.Hs256(Tokens.Claims());

        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/me", bearer: token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/me", bearer: token)).StatusCode);
        var expired = Tokens.Hs256(Tokens.Claims(expiresIn: TimeSpan.FromHours(-1)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.GetAsync("/me", bearer: expired)).StatusCode);

        var validations = spans.Named("glyphh.auth.token.validate");
        Assert.Equal(2, validations.Count);
        Assert.Equal("success", validations[0].GetTagItem("glyphh.auth.outcome"));
        Assert.Equal(ActivityStatusCode.Unset, validations[0].Status);
        Assert.Equal("failure", validations[1].GetTagItem("glyphh.auth.outcome"));
        Assert.Equal(ActivityStatusCode.Error, validations[1].Status);
        Assert.Equal("the token has expired", validations[1].StatusDescription);
        Assert.Equal("invalid_token", validations[1].GetTagItem("error.type"));
        Assert.DoesNotContain(validations.SelectMany(s => s.TagObjects), t => t.Value is string v && v.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public void DiagnosticsNames_AreThePackagesOwn()
    {
        Assert.Equal("Glyphh.Auth", GlyphhAuthDiagnostics.ActivitySourceName);
        Assert.Equal(Diagnostics.Internal.AuthMetrics.MeterName, GlyphhAuthDiagnostics.MeterName);
    }
}

/// <summary>Records the stopped spans of the Glyphh.Auth source while alive.</summary>
internal sealed class SpanRecorder : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public SpanRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == GlyphhAuthDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public List<Activity> Named(string name) => [.. _stopped.Where(a => a.OperationName == name)];

    public void Dispose() => _listener.Dispose();
}

/// <summary>Tests that listen to the process-wide activity sources run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ActivityCollection
{
    public const string Name = "Activity listeners";
}
