from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0002_service_term_rule'),
    ]

    operations = [
        migrations.AddField(
            model_name='service',
            name='keywords',
            field=models.CharField(blank=True, help_text='Alte cuvinte după care oamenii caută serviciul, despărțite prin virgulă (de ex. buletin, CI).', max_length=300, verbose_name='cuvinte-cheie'),
        ),
        migrations.CreateModel(
            name='SearchSynonym',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('term', models.CharField(help_text='Cuvântul sau expresia tastată, de ex. divorț.', max_length=100, verbose_name='se caută')),
                ('expansion', models.CharField(help_text='Ce se caută în plus, de ex. desfacerea căsătoriei.', max_length=200, verbose_name='se caută și')),
            ],
            options={
                'verbose_name': 'sinonim pentru căutare',
                'verbose_name_plural': 'sinonime pentru căutarea serviciilor',
                'ordering': ['term', 'expansion'],
                'constraints': [models.UniqueConstraint(fields=('term', 'expansion'), name='search_synonym_unique')],
            },
        ),
    ]
