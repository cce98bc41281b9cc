using Glyphh.Auth.Diagnostics.Internal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Glyphh.Auth.Authentication.Internal;

/// <summary>Announces the auth mode at start-up (a warning when authentication is off) and keeps the JWKS fresh.</summary>
internal sealed class AuthBackgroundService : BackgroundService
{
    private readonly GlyphhAuthOptions _options;
    private readonly JwksRefresher _jwks;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public AuthBackgroundService(IOptions<GlyphhAuthOptions> options, JwksRefresher jwks, TimeProvider time, ILogger<AuthBackgroundService> logger)
    {
        _options = options.Value;
        _jwks = jwks;
        _time = time;
        _logger = logger;
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Mode == AuthMode.None)
        {
            Log.AuthenticationOff(_logger);
        }
        else
        {
            Log.AuthenticationMode(_logger, _options.Mode);
        }

        if (_options.Mode is AuthMode.Jwt or AuthMode.Both && _jwks.Enabled)
        {
            // First fetch before the host answers requests, so the first tokens find their keys.
            await _jwks.RefreshAsync(force: true, cancellationToken).ConfigureAwait(false);
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.Mode is not (AuthMode.Jwt or AuthMode.Both) || !_jwks.Enabled)
        {
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(_options.Jwt.JwksRefreshInterval, _time, stoppingToken).ConfigureAwait(false);
                await _jwks.RefreshAsync(force: true, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
