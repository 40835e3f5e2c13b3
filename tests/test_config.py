from gazetteer.config import Settings


def test_every_setting_is_documented():
    for name, field in Settings.model_fields.items():
        assert field.description, name


def test_plain_postgres_urls_use_the_shipped_driver():
    settings = Settings(database_url="postgresql://postgres@127.0.0.1:5432/test")
    assert settings.database_url.startswith("postgresql+psycopg://")
