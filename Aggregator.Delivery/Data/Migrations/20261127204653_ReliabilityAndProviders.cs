using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aggregator.Delivery.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReliabilityAndProviders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "first_attempt",
                table: "message_states",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "lease_until",
                table: "message_states",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "provider_status",
                table: "message_states",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "stuck_since",
                table: "message_states",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "provider_message_id",
                table: "delivery_attempts",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(100)",
                oldMaxLength: 100,
                oldNullable: true);

            migrationBuilder.AddColumn<string>(
                name: "provider",
                table: "delivery_attempts",
                type: "character varying(48)",
                maxLength: 48,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "providers_tried",
                table: "delivery_attempts",
                type: "jsonb",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "delivery_commands",
                columns: table => new
                {
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    command = table.Column<string>(type: "text", nullable: false),
                    kept_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_delivery_commands", x => x.message_id);
                });

            // The commands kept for failed messages move over, so they can still be redriven.
            migrationBuilder.Sql("INSERT INTO delivery_commands (message_id, command, kept_at) SELECT message_id, command::text, failed_at FROM failed_deliveries");
            migrationBuilder.DropTable(
                name: "failed_deliveries");

            migrationBuilder.CreateTable(
                name: "provider_receipts",
                columns: table => new
                {
                    provider_message_id = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_provider_receipts", x => x.provider_message_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_delivery_attempts_provider_message_id",
                table: "delivery_attempts",
                column: "provider_message_id",
                filter: "provider_message_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "delivery_commands");

            migrationBuilder.DropTable(
                name: "provider_receipts");

            migrationBuilder.DropIndex(
                name: "ix_delivery_attempts_provider_message_id",
                table: "delivery_attempts");

            migrationBuilder.DropColumn(
                name: "first_attempt",
                table: "message_states");

            migrationBuilder.DropColumn(
                name: "lease_until",
                table: "message_states");

            migrationBuilder.DropColumn(
                name: "provider_status",
                table: "message_states");

            migrationBuilder.DropColumn(
                name: "stuck_since",
                table: "message_states");

            migrationBuilder.DropColumn(
                name: "provider",
                table: "delivery_attempts");

            migrationBuilder.DropColumn(
                name: "providers_tried",
                table: "delivery_attempts");

            migrationBuilder.AlterColumn<string>(
                name: "provider_message_id",
                table: "delivery_attempts",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(256)",
                oldMaxLength: 256,
                oldNullable: true);

            migrationBuilder.CreateTable(
                name: "failed_deliveries",
                columns: table => new
                {
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    command = table.Column<string>(type: "jsonb", nullable: false),
                    failed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_failed_deliveries", x => x.message_id);
                });
        }
    }
}
