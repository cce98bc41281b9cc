using Glyphh.Auth;
using Glyphh.LicenseServer.Admin;
using Glyphh.LicenseServer.Configuration;
using Glyphh.LicenseServer.OpenApi;
using Glyphh.LicenseServer.Problems;
using Glyphh.LicenseServer.Signing;
using Glyphh.LicenseServer.Storage;
using Glyphh.LicenseServer.Validation;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Glyphh.LicenseServer;

/// <summary>How the license server is composed: storage, signing, auth, health and the two APIs.</summary>
internal static class LicenseServerHost
{
    public static WebApplicationBuilder AddLicenseServer(this WebApplicationBuilder builder)
    {
        // PORT picks the port (default 8080) unless ASPNETCORE_URLS/--urls says otherwise.
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            var port = builder.Configuration["PORT"] is { Length: > 0 } p ? p : "8080";
            builder.WebHost.UseUrls($"http://0.0.0.0:{port}");
        }

        var options = LicenseServerConfiguration.Read(builder.Configuration);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => LicenseDatabase.Create(options.DatabaseConnectionString, options.DataDirectory));
        services.AddSingleton<Migrator>();
        services.AddSingleton<LicenseStore>();
        services.AddSingleton(sp => SigningSetup.CreateKeyRing(
            options, sp.GetRequiredService<IHostEnvironment>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Glyphh.LicenseServer")));
        services.AddSingleton<LicenseSigner>();
        services.AddSingleton<ValidationMetrics>();

        services.AddProblemDetails();
        services.AddLicenseServerOpenApi();

        // Admin API: Glyphh.Auth in apikey mode; every configured key is a platform admin.
        var keys = AdminKeys.Parse(options.AdminApiKeyHashes);
        if (keys.Count == 0)
        {
            keys = builder.Environment.IsDevelopment()
                ? AdminKeys.ForDevelopment(options.DataDirectory)
                : throw new Glyphh.Samples.Hosting.StartupConfigurationException(AdminKeys.Setting,
                    "is empty; set it to the SHA-256 hash of at least one admin API key (printf %s \"$KEY\" | sha256sum).");
        }
        services.AddGlyphhAuth(auth =>
        {
            auth.Mode = AuthMode.ApiKey;
            auth.ApiKeys = keys;
            builder.Configuration.GetSection("Glyphh:Auth:TrustedProxies").Bind(auth.TrustedProxies);
        }).AddRateLimiting(limits =>
        {
            limits.Policies[ValidationEndpoint.RateLimitPolicy] = new GlyphhRateLimitPolicy
            {
                Algorithm = RateLimitAlgorithm.SlidingWindow,
                PermitLimit = options.ValidatePermitsPerMinute,
                Window = TimeSpan.FromMinutes(1),
            };
        });

        services.AddGlyphhHealth(builder.Configuration.GetSection("Glyphh:Health"))
            .AddPrometheusExporter()
            .AddGlyphhDatabaseCheck(sp => sp.GetRequiredService<LicenseDatabase>().DataSource)
            .AddCheck<SigningKeyHealthCheck>("signing_key", HealthStatus.Unhealthy);
        services.AddSingleton<SigningKeyHealthCheck>();
        return builder;
    }

    public static async Task UseLicenseServerAsync(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Glyphh.LicenseServer");
        var database = app.Services.GetRequiredService<LicenseDatabase>();
        Log.Storage(logger, database.Description);
        await app.Services.GetRequiredService<Migrator>().MigrateAsync(app.Lifetime.ApplicationStopping).ConfigureAwait(false);

        // Resolve now so missing or broken signing material stops start-up with its message.
        var ring = app.Services.GetRequiredService<SigningKeyRing>();
        Log.AdminKeys(logger, app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<GlyphhAuthOptions>>().Value.ApiKeys.Count);
        Log.Signing(logger, ring.Current.Thumbprint, ring.Current.Subject, ring.Current.NotAfter.ToUniversalTime(), ring.Certificates.Count);

        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        // HEAD wherever GET is (RFC 9110): routed as GET; Kestrel still sends no body for the HEAD request line.
        app.Use((context, next) =>
        {
            if (HttpMethods.IsHead(context.Request.Method))
            {
                context.Request.Method = HttpMethods.Get;
            }
            return next(context);
        });
        app.UseRouting();
        app.UseGlyphhAuthentication();
        app.UseGlyphhAuthorization();
        app.UseRateLimiter();

        app.MapGlyphhHealth();
        app.MapLicenseServerDocs();
        app.MapValidation().AllowAnonymous().RequireGlyphhRateLimit(ValidationEndpoint.RateLimitPolicy);
        app.MapAdminApi().RequirePlatformAdmin();
        app.MapFallback(MethodNotAllowed.Answer).AllowAnonymous();
    }
}
