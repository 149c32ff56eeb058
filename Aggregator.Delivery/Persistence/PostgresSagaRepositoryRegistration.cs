using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Delivery.Persistence;

public static class PostgresSagaRepositoryRegistration
{
    /// <summary>Keeps <typeparamref name="TSaga"/> in <typeparamref name="TDbContext"/> through our pessimistic repository.</summary>
    public static void PostgresRepository<TDbContext, TSaga>(this ISagaRegistrationConfigurator<TSaga> saga)
        where TDbContext : DbContext
        where TSaga : class, SagaStateMachineInstance
    {
        saga.Repository(repository =>
        {
            repository.RegisterSagaRepository<TSaga, TDbContext, SagaConsumeContextFactory<TDbContext, TSaga>,
                PostgresSagaRepositoryContextFactory<TDbContext, TSaga>>();
            repository.RegisterLoadSagaRepository<TSaga, PostgresSagaRepositoryContextFactory<TDbContext, TSaga>>();
            repository.RegisterQuerySagaRepository<TSaga, PostgresSagaRepositoryContextFactory<TDbContext, TSaga>>();
        });
    }
}
