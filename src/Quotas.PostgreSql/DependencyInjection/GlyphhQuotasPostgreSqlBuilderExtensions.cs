using Glyphh.Quotas;
using Glyphh.Quotas.PostgreSql;
using Glyphh.Quotas.PostgreSql.Internal;
using Glyphh.Quotas.Stores;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Stores quota usage and overrides in PostgreSQL, shared by every replica, and registers
/// <see cref="PostgreSqlQuotas"/> for reservations inside the caller's transaction.
/// </summary>
public static class GlyphhQuotasPostgreSqlBuilderExtensions
{
    /// <summary>Uses PostgreSQL through a data source the store creates from <paramref name="connectionString"/> and disposes.</summary>
    /// <param name="builder">The quotas builder from <c>AddGlyphhQuotas()</c>.</param>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="configure">Changes the store's options.</param>
    public static IGlyphhQuotasBuilder UsePostgreSql(this IGlyphhQuotasBuilder builder, string connectionString, Action<PostgreSqlQuotaStoreOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return Use(builder, _ => (NpgsqlDataSource.Create(connectionString), true), configure);
    }

    /// <summary>Uses PostgreSQL through the host's data source (not disposed by the store).</summary>
    /// <param name="builder">The quotas builder from <c>AddGlyphhQuotas()</c>.</param>
    /// <param name="dataSource">The data source.</param>
    /// <param name="configure">Changes the store's options.</param>
    public static IGlyphhQuotasBuilder UsePostgreSql(this IGlyphhQuotasBuilder builder, NpgsqlDataSource dataSource, Action<PostgreSqlQuotaStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        return Use(builder, _ => (dataSource, false), configure);
    }

    /// <summary>Uses PostgreSQL through a data source resolved from the services (not disposed by the store).</summary>
    /// <param name="builder">The quotas builder from <c>AddGlyphhQuotas()</c>.</param>
    /// <param name="dataSource">Returns the data source, for example <c>sp =&gt; sp.GetRequiredService&lt;NpgsqlDataSource&gt;()</c>.</param>
    /// <param name="configure">Changes the store's options.</param>
    public static IGlyphhQuotasBuilder UsePostgreSql(this IGlyphhQuotasBuilder builder, Func<IServiceProvider, NpgsqlDataSource> dataSource, Action<PostgreSqlQuotaStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        return Use(builder, sp => (dataSource(sp), false), configure);
    }

    private static IGlyphhQuotasBuilder Use(
        IGlyphhQuotasBuilder builder,
        Func<IServiceProvider, (NpgsqlDataSource DataSource, bool Owned)> dataSource,
        Action<PostgreSqlQuotaStoreOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptionsWithValidateOnStart<PostgreSqlQuotaStoreOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlQuotaStoreOptions>, PostgreSqlQuotaStoreOptionsValidator>());
        if (configure is not null)
        {
            services.Configure(configure);
        }
        services.Replace(ServiceDescriptor.Singleton(sp =>
        {
            var (source, owned) = dataSource(sp);
            var options = sp.GetRequiredService<IOptions<PostgreSqlQuotaStoreOptions>>().Value;
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Glyphh.Quotas.PostgreSql");
            return new PostgreSqlQuotaStore(source, owned, options.SchemaName, logger);
        }));
        services.Replace(ServiceDescriptor.Singleton<IQuotaStore>(sp => sp.GetRequiredService<PostgreSqlQuotaStore>()));
        services.TryAddSingleton(sp => new PostgreSqlQuotas(sp.GetRequiredService<IQuotaService>(), sp.GetRequiredService<PostgreSqlQuotaStore>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, QuotaSchemaInitializer>());
        return builder;
    }
}
