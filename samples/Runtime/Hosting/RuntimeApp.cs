using System.Data.Common;
using System.Text.Json;
using Glyphh.Runtime.Api;
using Glyphh.Auth;
using Glyphh.Licensing;
using Glyphh.Quotas;
using Glyphh.Quotas.PostgreSql;
using Glyphh.Quotas.Stores;
using Glyphh.Runtime.Configuration;
using Glyphh.Runtime.Quotas;
using Glyphh.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Glyphh.Runtime.Hosting;

/// <summary>Composes the runtime: configuration, storage, the packages and the API.</summary>
internal static class RuntimeApp
{
    /// <summary>Builds the app and runs its start-up work (options validation, migrations); the caller starts it.</summary>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(args);
        AddConfigFile(builder, args);
        var settings = RuntimeSettings.Load(builder.Configuration, builder.Environment.ContentRootPath);
        // After the settings, which refuse a bad AUTH_MODE with the runtime's one-line error first.
        builder.Configuration.AddGlyphhAuthEnvironmentVariables();
        // The runtime also takes LICENSE_FILE, LICENSE_KEY, ... on its command line and from GLYPHH_CONFIG_FILE.
        builder.Configuration.AddGlyphhLicensingEnvironmentVariables();

        // PORT (the deployment variable of the seeds' docker set-up) picks the port unless ASPNETCORE_URLS/--urls says otherwise.
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls($"http://0.0.0.0:{RuntimeSettings.ReadPort(builder.Configuration)}");
        }
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = settings.MaxRequestBodyBytes;
            k.AddServerHeader = false;
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.ShutdownTimeout);

        if (settings.JsonLogs)
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            // Numbers are JSON numbers: the web default also reads "5", and the document would describe every number as a string too.
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
            o.SerializerOptions.DictionaryKeyPolicy = null;
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, RuntimeJsonContext.Default);
        });
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemTypes.Apply);
        services.AddRuntimeOpenApi();
        if (settings.CorsOrigins.Count > 0)
        {
            services.AddCors(o => o.AddDefaultPolicy(p =>
            {
                if (settings.CorsOrigins.Contains("*"))
                {
                    p.AllowAnyOrigin();
                }
                else
                {
                    p.WithOrigins([.. settings.CorsOrigins]);
                }
                p.AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("Location", "Retry-After", "WWW-Authenticate");
            }));
        }

        StoreDialect dialect = settings.PostgresConnectionString is { } pg
            ? new PostgresDialect(pg)
            : new SqliteDialect(settings.SqlitePath);
        services.AddSingleton(dialect);
        services.AddSingleton<DbDataSource>(dialect.DataSource);
        services.AddSingleton<GlyphStore>();
        services.AddSingleton<Glyphh.Runtime.Search.SearchIndex>();
        // Before the Quotas package's own handler, so the runtime's richer problem wins.
        services.AddExceptionHandler<QuotaProblemHandler>();
        // With PostgreSQL the usage and overrides live in the same database, shared by every replica, and every
        // write changes usage in its own transaction; on SQLite usage is in memory (set from the data at start-up)
        // and overrides are written through to the file.
        var quotaBuilder = services.AddGlyphhQuotas(builder.Configuration.GetSection(GlyphhQuotasOptions.SectionName))
            .AddRuntimeResources()
            .AddTierCaps<LicenseTierCaps>()
            .AddNamespaceCheck(async (sp, ns, ct) =>
                ns == QuotaNamespace.Deployment || await sp.GetRequiredService<GlyphStore>().GetModelAsync(ns, ct) is not null);
        if (dialect is PostgresDialect postgres)
        {
            quotaBuilder.UsePostgreSql(postgres.NpgsqlDataSource);
            services.AddSingleton<IQuotaLedger>(sp => new QuotaLedger(sp.GetRequiredService<IQuotaService>(), sp.GetRequiredService<PostgreSqlQuotas>()));
        }
        else
        {
            UseDurableOverrides(services, dialect);
            services.AddSingleton<IQuotaLedger>(sp => new QuotaLedger(sp.GetRequiredService<IQuotaService>()));
        }
        services.Configure<GlyphhQuotasOptions>(o => o.TierCapAdvice = settings.TierCapAdvice);
        services.Configure<GlyphhLicensingOptions>(o =>
        {
            // The runtime's licenses name it; Glyphh:Licensing:Product may still override it.
            o.Product = "glyphh-runtime";
            foreach (var (name, limit) in LicenseTierCaps.LocalLimits)
            {
                o.LocalLimits[name] = limit;
            }
        });
        services.AddGlyphhLicensing(builder.Configuration.GetSection(GlyphhLicensingOptions.SectionName));
        services.PostConfigure<GlyphhLicensingOptions>(o =>
        {
            o.Mode = settings.Mode;
            if (string.IsNullOrEmpty(builder.Configuration["Glyphh:Licensing:DataDirectory"]))
            {
                o.DataDirectory = settings.DataDirectory;
            }
        });

        services.AddSingleton<IModelAccess, ClaimsModelAccess>();
        services.AddGlyphhAuth(builder.Configuration.GetSection(GlyphhAuthOptions.SectionName))
            .AddRateLimiting(o => AdminRoutes.ConfigureRateLimits(o, settings));
        services.Configure<GlyphhAuthOptions>(o =>
        {
            o.Mode = settings.AuthMode;
            o.NamespaceRouteValue = "model";
            if (settings.AdminIpAllowlist.Count > 0)
            {
                o.IpAllowlists[AdminRoutes.AllowlistName] = [.. settings.AdminIpAllowlist];
            }
            if (settings.TrustedProxies.Count > 0)
            {
                o.TrustedProxies = [.. settings.TrustedProxies];
            }
        });
        services.AddSingleton<ShutdownState>();
        services.AddHostedService(sp => sp.GetRequiredService<ShutdownState>());

        services.AddGlyphhHealth(builder.Configuration.GetSection("Glyphh:Health"))
            .AddPrometheusExporter()
            .AddGlyphhDatabaseCheck(sp => sp.GetRequiredService<StoreDialect>().DataSource)
            .AddGlyphhDiskSpaceCheck(o => o.Path = settings.DataDirectory)
            .AddGlyphhMemoryCheck()
            .AddGlyphhDataDirectoryCheck(o => o.Path = settings.DataDirectory)
            .AddGlyphhLicenseCheck()
            .AddCheck<ShutdownCheck>("shutdown");

        // OTLP when the standard variable names a collector: the packages only emit (Glyphh.* sources and meters),
        // the host chooses the exporter; the exporter reads OTEL_EXPORTER_OTLP_* itself.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            services.AddOpenTelemetry()
                .WithTracing(tracing => tracing.AddSource("Glyphh.*").AddOtlpExporter())
                .WithMetrics(metrics => metrics.AddMeter("Glyphh.*").AddOtlpExporter());
        }

        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex switch
            {
                BadHttpRequestException bad => bad.StatusCode,
                _ when DependencyFailure.IsUnavailable(ex) => StatusCodes.Status503ServiceUnavailable,
                _ => StatusCodes.Status500InternalServerError,
            },
        });
        app.UseStatusCodePages();
        app.UseSecurityHeaders();
        app.UseHostFilter(settings.AllowedHosts);
        app.UseHeadAsGet();
        app.UseRouting();
        if (settings.CorsOrigins.Count > 0)
        {
            app.UseCors();
        }
        // The gate answers 503 once the license no longer allows serving; health, metrics and /license stay open.
        app.UseGlyphhLicensing();
        app.UseGlyphhAuthentication();
        // After authentication, so a caller is counted by subject; before authorization, so refused tokens count too.
        app.UseRateLimiter();
        app.UseGlyphhAuthorization();

        // Probes are never rate limited: a limit on them would restart or unroute a healthy replica.
        app.MapGlyphhHealth().DisableRateLimiting();
        if (settings.DocsEnabled)
        {
            app.MapDocs();
        }
        app.MapModelApi(settings);
        app.MapLicenseApi(settings);
        var quotas = app.MapGlyphhQuotas();
        quotas.Read.RequireNamespacePermission(NamespacePermission.Read, "namespace");
        quotas.Update.RequirePlatformAdmin().AsAdminRoute(settings);

        // Fail here, with the setting named, rather than half-way through the host's start.
        app.Services.GetService<IStartupValidator>()?.Validate();
        var store = app.Services.GetRequiredService<GlyphStore>();
        await store.MigrateAsync(cancellationToken);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Glyphh.Runtime");
        if (app.Services.GetRequiredService<IQuotaStore>() is DurableOverridesQuotaStore durable)
        {
            Log.QuotaOverridesLoaded(logger, await durable.LoadAsync(cancellationToken));
        }
        // The in-memory usage store (SQLite) starts empty: set it from the data. On PostgreSQL usage changes in the
        // writes' own transactions and stays equal to the data, so it is set only once: for data an older runtime
        // wrote (models stored, no model counted), which is the upgrade, when no older replica writes any more.
        var usageQuotas = app.Services.GetRequiredService<IQuotaService>();
        if (dialect is not PostgresDialect
            || ((await usageQuotas.GetStatusAsync(QuotaNamespace.Deployment, cancellationToken)).Usage.GetValueOrDefault(QuotaResources.Models) == 0
                && (await store.ComputeUsageAsync(cancellationToken)).Count > 0))
        {
            var (models, glyphs) = await UsageReconciler.ReconcileAsync(store, usageQuotas, cancellationToken);
            Log.UsageReconciled(logger, models, glyphs);
        }
        Log.Started(logger, settings.ModeName, dialect.Describe(), settings.DataDirectory);
        return app;
    }

    /// <summary>The process entry: builds, runs, and turns a start-up failure into one line and exit code 1.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = await BuildAsync(args);
        }
        catch (Exception ex) when (StartupFailure.Describe(ex) is { } line)
        {
            await Console.Error.WriteLineAsync("glyphh-runtime: " + line);
            return 1;
        }
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (Exception ex) when (StartupFailure.Describe(ex) is { } line)
        {
            await Console.Error.WriteLineAsync("glyphh-runtime: " + line);
            return 1;
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    /// <summary>Wraps the package's default (in-memory) store so overrides are committed to SQLite before they are acknowledged.</summary>
    private static void UseDurableOverrides(IServiceCollection services, StoreDialect dialect)
    {
        var inner = services.Last(d => d.ServiceType == typeof(IQuotaStore));
        services.Replace(ServiceDescriptor.Singleton<IQuotaStore>(sp => new DurableOverridesQuotaStore(
            inner switch
            {
                { ImplementationInstance: IQuotaStore instance } => instance,
                { ImplementationFactory: { } factory } => (IQuotaStore)factory(sp),
                _ => (IQuotaStore)ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!),
            },
            dialect,
            sp.GetRequiredService<TimeProvider>())));
    }

    private static void AddConfigFile(WebApplicationBuilder builder, string[] args)
    {
        var file = builder.Configuration["GLYPHH_CONFIG_FILE"];
        if (string.IsNullOrWhiteSpace(file))
        {
            return;
        }
        var path = Path.GetFullPath(file, builder.Environment.ContentRootPath);
        if (!File.Exists(path))
        {
            throw new RuntimeConfigurationException("GLYPHH_CONFIG_FILE", $"the file '{path}' does not exist.");
        }
        try
        {
            builder.Configuration.AddJsonFile(path, optional: false, reloadOnChange: false);
        }
        catch (InvalidDataException ex)
        {
            throw new RuntimeConfigurationException("GLYPHH_CONFIG_FILE", $"'{path}' is not valid JSON ({(ex.InnerException ?? ex).Message.Split('\n')[0].Trim()}).", ex);
        }
        // The file overrides appsettings.json; the environment and the command line still override the file.
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(args);
    }
}
