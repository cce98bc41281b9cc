using Glyphh.Quotas.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Glyphh.Quotas.PostgreSql.Internal;

/// <summary>Creates or upgrades the schema when the host starts, so a bad connection stops start-up.</summary>
internal sealed class QuotaSchemaInitializer(IServiceProvider services, IOptions<PostgreSqlQuotaStoreOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.InitializeOnStartup && services.GetRequiredService<IQuotaStore>() is PostgreSqlQuotaStore store)
        {
            await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
