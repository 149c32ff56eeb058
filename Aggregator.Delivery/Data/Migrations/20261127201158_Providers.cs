using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aggregator.Delivery.Data.Migrations
{
    /// <inheritdoc />
    public partial class Providers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "provider_status",
                table: "message_states",
                type: "character varying(16)",
                maxLength: 16,
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
                name: "provider_receipts");

            migrationBuilder.DropIndex(
                name: "ix_delivery_attempts_provider_message_id",
                table: "delivery_attempts");

            migrationBuilder.DropColumn(
                name: "provider_status",
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
        }
    }
}
