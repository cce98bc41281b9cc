using Glyphh.LicenseServer.Admin;
using Glyphh.LicenseServer.Configuration;
using Glyphh.LicenseServer.Problems;
using Glyphh.LicenseServer.Signing;
using Glyphh.LicenseServer.Storage;
using Microsoft.AspNetCore.Diagnostics;
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
        services.AddSingleton(_ => LicenseDatabase.Create(options.DatabaseUrl, options.DataDirectory));
        services.AddSingleton<Migrator>();
        services.AddSingleton<LicenseStore>();
        services.AddSingleton(sp => SigningSetup.CreateKeyRing(
            options, sp.GetRequiredService<IHostEnvironment>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Glyphh.LicenseServer")));
        services.AddSingleton<LicenseSigner>();

        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, AdminJsonContext.Default));

        services.AddGlyphhHealth(builder.Configuration.GetSection("Glyphh:Health"))
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
        Log.Signing(logger, ring.Current.Thumbprint, ring.Current.Subject, ring.Current.NotAfter.ToUniversalTime(), ring.Certificates.Count);

        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();

        app.MapGlyphhHealth();
        app.MapAdminApi();
        app.MapFallback(() => Problem.NotFound("There is no such endpoint."));
    }
}
